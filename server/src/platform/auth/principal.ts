import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Who is making a request, as established by the authentication hook (identity module):
 * - `staff`: a staff user with a JWT access token, acting in one store (or as operator);
 * - `secret_key`: a store's secret API key (server to server);
 * - `publishable_key`: a store's publishable key (storefront, tracker);
 * - `customer`: a signed-in shopper of one store.
 */
export interface Principal {
  kind: 'staff' | 'secret_key' | 'publishable_key' | 'customer';
  /** The store the request acts on; null for operator staff outside any store. */
  storeId: string | null;
  userId?: string;
  customerId?: string;
  apiKeyId?: string;
  /** Access-token session (refresh-token family) id, for staff and customers. */
  sessionId?: string;
  operatorRole?: string;
  storeRole?: string;
  permissions: ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API key.');
  return req.principal;
}

/** The store a request acts on; 4xx when the caller is not acting in a store. */
export function storeOf(req: FastifyRequest): string {
  const p = principalOf(req);
  if (!p.storeId) throw new AppError('BAD_REQUEST', 'This endpoint acts on a store; choose one first.');
  return p.storeId;
}

/** A preHandler: 401 without credentials, 403 without the named permission. Synchronous: no promise per request. */
export function requirePermission(permission: string) {
  return function checkPermission(
    req: FastifyRequest,
    _reply: FastifyReply,
    done: (err?: AppError) => void,
  ): void {
    if (!req.principal) return done(new AppError('UNAUTHENTICATED', 'Sign in or send an API key.'));
    if (!req.principal.permissions.has(permission)) {
      return done(new AppError('FORBIDDEN', `This action needs the "${permission}" permission.`));
    }
    done();
  };
}
