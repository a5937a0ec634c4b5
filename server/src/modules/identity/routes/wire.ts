import { z } from 'zod';
import type { ApiKey, Customer, User } from '../schema.ts';
import type { StaffMember } from '../memberships.ts';
import type { StaffAccess, StaffTokens } from '../staff-auth.ts';
import type { CustomerTokens } from '../customers.ts';
import { OPERATOR_ROLES, STORE_ROLES } from '../permissions.ts';

/** The JSON shapes identity's routes send, and the mapping from rows to them. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const StaffUserOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: z.enum(['invited', 'active', 'disabled']),
  operator_role: z.enum(OPERATOR_ROLES).nullable(),
  mfa_enabled: z.boolean(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
});

export function staffUserOut(u: User): z.infer<typeof StaffUserOut> {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    status: u.status,
    operator_role: u.operatorRole as z.infer<typeof StaffUserOut>['operator_role'],
    mfa_enabled: u.mfaEnabledAt !== null,
    last_login_at: iso(u.lastLoginAt),
    created_at: u.createdAt.toISOString(),
  };
}

const accessFields = {
  token_type: z.literal('Bearer'),
  access_token: z.string(),
  expires_in: z.number().int().describe('Seconds until the access token expires'),
  session_id: z.string(),
  store_id: z.string().nullable().describe('The active store'),
  store_role: z.enum(STORE_ROLES).nullable(),
  operator_role: z.enum(OPERATOR_ROLES).nullable(),
  mfa_enrolment_required: z
    .boolean()
    .describe('True when the role needs MFA and the user has not enrolled: only enrolment is allowed'),
};

export const StaffAccessOut = z.object(accessFields);

export const StaffTokensOut = z.object({
  ...accessFields,
  refresh_token: z.string().describe('Single use: each refresh returns the next one'),
});

export function staffAccessOut(a: StaffAccess): z.infer<typeof StaffAccessOut> {
  return {
    token_type: 'Bearer',
    access_token: a.accessToken,
    expires_in: a.expiresIn,
    session_id: a.sessionId,
    store_id: a.storeId,
    store_role: a.storeRole as z.infer<typeof StaffAccessOut>['store_role'],
    operator_role: a.operatorRole as z.infer<typeof StaffAccessOut>['operator_role'],
    mfa_enrolment_required: a.mfaEnrolmentRequired,
  };
}

export function staffTokensOut(t: StaffTokens): z.infer<typeof StaffTokensOut> {
  return { ...staffAccessOut(t), refresh_token: t.refreshToken };
}

export const AuthenticatedOut = StaffTokensOut.extend({
  status: z.literal('authenticated'),
  user: StaffUserOut,
});

export const MfaChallengeOut = z.object({
  status: z.literal('mfa_required'),
  mfa_token: z.string().describe('Send it with a TOTP or recovery code to POST /admin/v1/auth/mfa/verify'),
  expires_in: z.number().int(),
});

export function authenticatedOut(tokens: StaffTokens, user: User): z.infer<typeof AuthenticatedOut> {
  return { status: 'authenticated', ...staffTokensOut(tokens), user: staffUserOut(user) };
}

export const StaffMemberOut = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: z.enum(['invited', 'active', 'disabled']),
  role: z.enum(STORE_ROLES),
  mfa_enabled: z.boolean(),
  joined_at: z.string(),
});

export function staffMemberOut(m: StaffMember): z.infer<typeof StaffMemberOut> {
  return {
    user_id: m.user.id,
    email: m.user.email,
    name: m.user.name,
    status: m.user.status,
    role: m.membership.role as z.infer<typeof StaffMemberOut>['role'],
    mfa_enabled: m.user.mfaEnabledAt !== null,
    joined_at: m.membership.createdAt.toISOString(),
  };
}

export const ApiKeyOut = z.object({
  id: z.string(),
  kind: z.enum(['publishable', 'secret']),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to tell keys apart'),
  role: z.enum(STORE_ROLES).nullable().describe('The store role a secret key acts with'),
  created_by: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export function apiKeyOut(k: ApiKey): z.infer<typeof ApiKeyOut> {
  return {
    id: k.id,
    kind: k.kind,
    name: k.name,
    prefix: k.prefix,
    role: k.role as z.infer<typeof ApiKeyOut>['role'],
    created_by: k.createdBy,
    created_at: k.createdAt.toISOString(),
    last_used_at: iso(k.lastUsedAt),
    revoked_at: iso(k.revokedAt),
  };
}

export const CustomerOut = z.object({
  id: z.string(),
  email: z.string(),
  email_verified: z
    .boolean()
    .describe(
      'They proved the address (the e-mailed link): orders placed with it as a guest are in their account',
    ),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  created_at: z.string(),
});

export function customerOut(c: Customer): z.infer<typeof CustomerOut> {
  return {
    id: c.id,
    email: c.email,
    email_verified: c.emailVerifiedAt !== null,
    first_name: c.firstName,
    last_name: c.lastName,
    created_at: c.createdAt.toISOString(),
  };
}

export const CustomerAuthOut = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string(),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  customer: CustomerOut,
});

export function customerAuthOut(t: CustomerTokens, c: Customer): z.infer<typeof CustomerAuthOut> {
  return {
    token_type: 'Bearer',
    access_token: t.accessToken,
    expires_in: t.expiresIn,
    refresh_token: t.refreshToken,
    customer: customerOut(c),
  };
}

export const Accepted = z.object({ accepted: z.literal(true) });
