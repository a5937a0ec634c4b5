import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { deriveKey } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';

/** Access tokens live 15 minutes; refresh tokens (see sessions.ts) 30 days. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** The MFA challenge between password and second factor. */
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;

const ISSUER = 'carton';
/** Audiences keep one kind of token from being accepted where another is expected. */
export const AUDIENCE = { staff: 'carton:admin', customer: 'carton:store', mfa: 'carton:mfa' } as const;
type Audience = keyof typeof AUDIENCE;

export interface StaffClaims {
  kind: 'staff';
  userId: string;
  sessionId: string;
  storeId: string | null;
  storeRole: string | null;
  operatorRole: string | null;
  /** The session passed a second factor. */
  mfa: boolean;
  /** The role needs MFA and the user has not enrolled: only enrolment is allowed. */
  mfaEnrolmentRequired: boolean;
  expiresAt: number;
}

export interface CustomerClaims {
  kind: 'customer';
  customerId: string;
  sessionId: string;
  storeId: string;
  expiresAt: number;
}

export interface MfaChallengeClaims {
  kind: 'mfa';
  userId: string;
  storeId: string | null;
  expiresAt: number;
}

type Claims = StaffClaims | CustomerClaims | MfaChallengeClaims;

const CACHE_LIMIT = 10_000;

/**
 * Signs and verifies Carton's JWTs (HS256, key derived from CARTON_SECRET). Verification is on
 * every authenticated request, so a token verified once is remembered (bounded, until it
 * expires): the signature cannot change, and revocation is checked separately per session.
 */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #verified = new Map<string, Claims>();

  constructor(secret: string) {
    this.#key = deriveKey(secret, 'jwt');
  }

  async signStaff(c: Omit<StaffClaims, 'kind' | 'expiresAt'>, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS) {
    return this.#sign(
      'staff',
      c.userId,
      {
        sid: c.sessionId,
        store_id: c.storeId,
        store_role: c.storeRole,
        operator_role: c.operatorRole,
        mfa: c.mfa,
        mfa_enrolment_required: c.mfaEnrolmentRequired,
      },
      ttlSeconds,
    );
  }

  async signCustomer(c: Omit<CustomerClaims, 'kind' | 'expiresAt'>, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS) {
    return this.#sign('customer', c.customerId, { sid: c.sessionId, store_id: c.storeId }, ttlSeconds);
  }

  async signMfaChallenge(
    c: Omit<MfaChallengeClaims, 'kind' | 'expiresAt'>,
    ttlSeconds = MFA_TOKEN_TTL_SECONDS,
  ) {
    return this.#sign('mfa', c.userId, { store_id: c.storeId }, ttlSeconds);
  }

  async #sign(aud: Audience, subject: string, payload: JWTPayload, ttlSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE[aud])
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.#key);
  }

  verifyStaff(token: string): Promise<StaffClaims> {
    return this.#verify(token, 'staff') as Promise<StaffClaims>;
  }

  verifyCustomer(token: string): Promise<CustomerClaims> {
    return this.#verify(token, 'customer') as Promise<CustomerClaims>;
  }

  verifyMfaChallenge(token: string): Promise<MfaChallengeClaims> {
    return this.#verify(token, 'mfa') as Promise<MfaChallengeClaims>;
  }

  async #verify(token: string, kind: Audience): Promise<Claims> {
    const cached = this.#verified.get(token);
    if (cached) {
      if (cached.kind !== kind) throw wrongKind();
      if (cached.expiresAt <= Date.now()) {
        this.#verified.delete(token);
        throw expired();
      }
      return cached;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE[kind],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw expired();
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') throw wrongKind();
      throw new AppError('TOKEN_INVALID', 'The access token is not valid.');
    }
    const claims = toClaims(kind, payload);
    if (this.#verified.size >= CACHE_LIMIT) {
      // Oldest first (Map keeps insertion order).
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
    this.#verified.set(token, claims);
    return claims;
  }
}

function expired(): AppError {
  return new AppError('TOKEN_EXPIRED', 'The token has expired; refresh it or sign in again.');
}

function wrongKind(): AppError {
  return new AppError('TOKEN_INVALID', 'This kind of token is not accepted here.');
}

function toClaims(kind: Audience, p: JWTPayload): Claims {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const sub = str(p.sub);
  const expiresAt = (p.exp ?? 0) * 1000;
  if (!sub) throw new AppError('TOKEN_INVALID', 'The access token is not valid.');
  if (kind === 'staff') {
    const sid = str(p.sid);
    if (!sid) throw new AppError('TOKEN_INVALID', 'The access token is not valid.');
    return {
      kind,
      userId: sub,
      sessionId: sid,
      storeId: str(p.store_id),
      storeRole: str(p.store_role),
      operatorRole: str(p.operator_role),
      mfa: p.mfa === true,
      mfaEnrolmentRequired: p.mfa_enrolment_required === true,
      expiresAt,
    };
  }
  if (kind === 'customer') {
    const sid = str(p.sid);
    const storeId = str(p.store_id);
    if (!sid || !storeId) throw new AppError('TOKEN_INVALID', 'The access token is not valid.');
    return { kind, customerId: sub, sessionId: sid, storeId, expiresAt };
  }
  return { kind, userId: sub, storeId: str(p.store_id), expiresAt };
}
