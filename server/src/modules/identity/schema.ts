import { bigint, boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { OneTimePurpose } from './one-time-tokens.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name'),
  passwordHash: text('password_hash'),
  status: text('status').$type<'invited' | 'active' | 'disabled'>().notNull().default('invited'),
  operatorRole: text('operator_role'),
  mfaSecret: text('mfa_secret'),
  mfaEnabledAt: at('mfa_enabled_at'),
  mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
  lastLoginAt: at('last_login_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable('memberships', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  userId: text('user_id').notNull(),
  role: text('role').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const mfaRecoveryCodes = pgTable('mfa_recovery_codes', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  codeHash: text('code_hash').notNull(),
  usedAt: at('used_at'),
  createdAt: createdAt(),
});

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  email: text('email').notNull(),
  passwordHash: text('password_hash'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  status: text('status').$type<'active' | 'disabled'>().notNull().default('active'),
  addedByStaff: boolean('added_by_staff').notNull().default(false),
  emailVerifiedAt: at('email_verified_at'),
  lastLoginAt: at('last_login_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const authSessions = pgTable('auth_sessions', {
  id: text('id').primaryKey(),
  subjectKind: text('subject_kind').$type<'staff' | 'customer'>().notNull(),
  userId: text('user_id'),
  customerId: text('customer_id'),
  storeId: text('store_id'),
  activeStoreId: text('active_store_id'),
  mfaVerified: boolean('mfa_verified').notNull().default(false),
  createdAt: createdAt(),
  refreshedAt: at('refreshed_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  revokedAt: at('revoked_at'),
  revokedReason: text('revoked_reason'),
});

export const authRefreshTokens = pgTable('auth_refresh_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  sessionId: text('session_id').notNull(),
  storeId: text('store_id'),
  createdAt: createdAt(),
  usedAt: at('used_at'),
});

export const authTokens = pgTable('auth_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  purpose: text('purpose').$type<OneTimePurpose>().notNull(),
  userId: text('user_id'),
  customerId: text('customer_id'),
  storeId: text('store_id'),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
  createdAt: createdAt(),
});

export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  kind: text('kind').$type<'publishable' | 'secret'>().notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull(),
  role: text('role'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  lastUsedAt: at('last_used_at'),
  revokedAt: at('revoked_at'),
});

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type AuthSession = typeof authSessions.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
