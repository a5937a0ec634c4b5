import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { apiKeyKindOf, type ResolvedApiKey } from './api-keys.ts';
import {
  CUSTOMER_PERMISSIONS,
  PUBLISHABLE_KEY_PERMISSIONS,
  secretKeyPermissions,
  STOREFRONT_PERMISSION,
  staffPermissions,
} from './permissions.ts';
import { identityState, type IdentityState } from './state.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * How the authentication hook treats a route: `none` reads no credentials at all (sign-in,
     * refresh, password reset); `key` reads API keys only and ignores bearer tokens (a shopper's
     * sign-in, which needs the store's publishable key). Default: every credential.
     */
    authentication?: 'none' | 'key';
    /** Reachable with a staff token whose role needs MFA before enrolment (enrol, activate, me, logout). */
    allowDuringMfaEnrolment?: boolean;
  }
}

/** The API surfaces; anything else (health, metrics, docs, web pages) is not authenticated here. */
export type Surface = 'admin' | 'platform' | 'store' | 'ingest';

const SURFACE = /^\/(admin|platform|store|ingest)\/v\d+\//;

export function surfaceOf(url: string): Surface | null {
  const m = SURFACE.exec(url);
  return m ? (m[1] as Surface) : null;
}

export interface Credentials {
  /** The `Authorization` header as sent. */
  authorization?: string | undefined;
  /** `x-api-key`: a secret or publishable key. */
  apiKey?: string | undefined;
  /** `x-publishable-key`. */
  publishableKey?: string | undefined;
}

export interface AuthenticateOptions {
  surface: Surface;
  authentication?: 'none' | 'key' | undefined;
  allowDuringMfaEnrolment?: boolean | undefined;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bearerOf(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') {
    throw new AppError('TOKEN_INVALID', 'Send credentials as "Authorization: Bearer <token>".');
  }
  const token = authorization.slice(space + 1).trim();
  if (!token) throw new AppError('TOKEN_INVALID', 'The bearer token is empty.');
  return token;
}

const storefrontSets = new Map<string, ReadonlySet<string>>();
function secretKeyStorefrontPermissions(role: string): ReadonlySet<string> {
  let set = storefrontSets.get(role);
  if (!set) {
    set = new Set([...secretKeyPermissions(role), STOREFRONT_PERMISSION]);
    storefrontSets.set(role, set);
  }
  return set;
}

/**
 * The principal of an API key. Synchronous when the key is in the cache (nearly every request):
 * no promise on the hot path.
 */
function keyPrincipal(state: IdentityState, token: string, surface: Surface): Principal | Promise<Principal> {
  const kind = apiKeyKindOf(token);
  if (!kind) throw new AppError('API_KEY_INVALID', 'The API key is not valid.');
  const cached = state.apiKeys.cached(token);
  if (cached !== undefined) return principalOfKey(state, cached, kind, surface);
  return state.apiKeys.resolve(token).then((key) => principalOfKey(state, key, kind, surface));
}

/** A key's principal per surface kind, made once per cached key (the cache hands out the same key object). */
const keyPrincipals = new WeakMap<ResolvedApiKey, { storefront?: Principal; admin?: Principal }>();

function principalOfKey(
  state: IdentityState,
  key: ResolvedApiKey | null,
  kind: ResolvedApiKey['kind'],
  surface: Surface,
): Principal {
  if (!key || key.kind !== kind) throw new AppError('API_KEY_INVALID', 'The API key is not valid.');
  if (key.revoked) throw new AppError('API_KEY_INVALID', 'The API key has been revoked.');
  state.apiKeys.noteUse(key.id);
  const storefront = surface === 'store' || surface === 'ingest';
  let made = keyPrincipals.get(key);
  if (!made) keyPrincipals.set(key, (made = {}));
  const slot = storefront ? 'storefront' : 'admin';
  return (made[slot] ??= Object.freeze(newKeyPrincipal(key, storefront)));
}

function newKeyPrincipal(key: ResolvedApiKey, storefront: boolean): Principal {
  if (key.kind === 'publishable') {
    return {
      kind: 'publishable_key',
      storeId: key.storeId,
      apiKeyId: key.id,
      permissions: PUBLISHABLE_KEY_PERMISSIONS,
    };
  }
  const role = key.role ?? 'read_only';
  return {
    kind: 'secret_key',
    storeId: key.storeId,
    apiKeyId: key.id,
    storeRole: role,
    permissions: storefront ? secretKeyStorefrontPermissions(role) : secretKeyPermissions(role),
  };
}

async function assertSessionOpen(state: IdentityState, sessionId: string): Promise<void> {
  if (await state.sessions.isRevoked(sessionId)) {
    throw new AppError('TOKEN_REVOKED', 'The session has been ended; sign in again.');
  }
}

/**
 * Establish who is calling from the credentials of a request, or null when it carries none.
 * Invalid, expired, forged or revoked credentials are a 401 with a distinct code; they are
 * never treated as "anonymous". Also usable outside HTTP hooks (e.g. a WebSocket handshake).
 */
export async function authenticateCredentials(
  platform: Platform,
  credentials: Credentials,
  options: AuthenticateOptions,
): Promise<Principal | null> {
  return principalFor(platform, credentials, options);
}

/** `authenticateCredentials`, synchronous where it can be (a cached API key); may throw. */
function principalFor(
  platform: Platform,
  credentials: Credentials,
  options: AuthenticateOptions,
): Principal | null | Promise<Principal | null> {
  if (options.authentication === 'none') return null;
  const state = identityState(platform);
  const bearer = bearerOf(credentials.authorization);
  const bearerIsKey = bearer !== null && apiKeyKindOf(bearer) !== null;
  const jwt = bearer !== null && !bearerIsKey && options.authentication !== 'key' ? bearer : null;

  if (options.surface === 'admin' || options.surface === 'platform') {
    if (jwt) return staffPrincipal(state, jwt, options);
    const key = bearerIsKey ? bearer : (credentials.apiKey ?? credentials.publishableKey);
    return key ? keyPrincipal(state, key, options.surface) : null;
  }

  // Storefront and ingest: the store is named by its key; a shopper's token must match it.
  const key = credentials.publishableKey ?? (bearerIsKey ? bearer : credentials.apiKey);
  const base = key ? keyPrincipal(state, key, options.surface) : null;
  if (!jwt || options.surface === 'ingest') return base;
  return customerPrincipal(state, jwt, base);
}

async function staffPrincipal(
  state: IdentityState,
  jwt: string,
  options: AuthenticateOptions,
): Promise<Principal> {
  const claims = await state.tokens.verifyStaff(jwt);
  await assertSessionOpen(state, claims.sessionId);
  if (claims.mfaEnrolmentRequired && !options.allowDuringMfaEnrolment) {
    throw new AppError(
      'MFA_ENROLMENT_REQUIRED',
      'Your role requires multi-factor authentication: enrol first (POST /admin/v1/auth/mfa/enrol).',
    );
  }
  return {
    kind: 'staff',
    storeId: claims.storeId,
    userId: claims.userId,
    sessionId: claims.sessionId,
    storeRole: claims.storeRole ?? undefined,
    operatorRole: claims.operatorRole ?? undefined,
    permissions: staffPermissions(claims.storeRole, claims.operatorRole),
  };
}

async function customerPrincipal(
  state: IdentityState,
  jwt: string,
  storeKey: Principal | Promise<Principal> | null,
): Promise<Principal> {
  const base = await storeKey;
  const claims = await state.tokens.verifyCustomer(jwt);
  if (!base) {
    throw new AppError(
      'UNAUTHENTICATED',
      "Send the store's publishable key in the x-publishable-key header.",
    );
  }
  if (claims.storeId !== base.storeId) {
    throw new AppError('TOKEN_INVALID', 'This token belongs to another store.');
  }
  await assertSessionOpen(state, claims.sessionId);
  return {
    kind: 'customer',
    storeId: claims.storeId,
    customerId: claims.customerId,
    sessionId: claims.sessionId,
    apiKeyId: base.apiKeyId,
    permissions: CUSTOMER_PERMISSIONS,
  };
}

/** Every request's `req.principal`. Registered first, before any module's routes. */
export function registerAuthentication(app: App, platform: Platform): void {
  app.decorateRequest('principal', null);
  // Callback style: a request with a cached API key is authenticated without a promise.
  app.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const surface = surfaceOf(req.url);
    if (!surface) return done();
    const config = req.routeOptions.config;
    if (config?.authentication === 'none') return done();
    const h = req.headers;
    let principal: Principal | null | Promise<Principal | null>;
    try {
      principal = principalFor(
        platform,
        {
          authorization: h.authorization,
          apiKey: header(h['x-api-key']),
          publishableKey: header(h['x-publishable-key']),
        },
        {
          surface,
          authentication: config?.authentication,
          allowDuringMfaEnrolment: config?.allowDuringMfaEnrolment,
        },
      );
    } catch (err) {
      return done(err as Error);
    }
    if (principal instanceof Promise) {
      principal.then((p) => {
        req.principal = p;
        done();
      }, done);
    } else {
      req.principal = principal;
      done();
    }
  });
}
