import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { randomString } from '../../platform/crypto.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  countOrganizations,
  createOrganization,
  createStore,
  findOrganizationByName,
  findStoreByHandle,
} from '../tenancy/service.ts';
import { createApiKey } from './api-keys.ts';
import { addMembership, getMembership, upsertMembership } from './memberships.ts';
import { Email, hashPassword, Password } from './passwords.ts';
import { OPERATOR_ROLES, STORE_ROLES, type OperatorRole, type StoreRole } from './permissions.ts';
import { apiKeys, type User } from './schema.ts';
import { createUser, findUserByEmail, setOperatorRole, setUserPassword } from './staff-users.ts';

/** Demo data for a fresh installation, and the `user create` command. */

export const DEMO_ORGANIZATION = 'Demo Co';
export const DEMO_STORE_HANDLE = 'demo';
export const DEMO_OWNER_EMAIL = 'owner@demo.carton.local';

export interface SeededUser {
  id: string;
  email: string;
  /** Only when this run created the user; an existing password is never known. */
  password: string | null;
  created: boolean;
}

export interface SeedResult {
  /** Whether this run created anything at all. */
  created: boolean;
  admin: SeededUser;
  owner: SeededUser;
  organization: { id: string; name: string; created: boolean };
  store: { id: string; handle: string; name: string; created: boolean };
  /** The keys themselves, only when this run created them. */
  publishableKey: string | null;
  secretKey: string | null;
}

function generatePassword(): string {
  return randomString(20);
}

async function ensureUser(
  platform: Platform,
  email: string,
  password: string | undefined,
  operatorRole: OperatorRole | null,
): Promise<{ user: User; seeded: SeededUser }> {
  const existing = await findUserByEmail(platform.db, email);
  if (existing) {
    return {
      user: existing,
      seeded: { id: existing.id, email: existing.email, password: null, created: false },
    };
  }
  const chosen = password ?? generatePassword();
  const user = await createUser(platform.db, {
    email,
    passwordHash: await hashPassword(chosen),
    operatorRole,
    status: 'active',
  });
  return { user, seeded: { id: user.id, email: user.email, password: chosen, created: true } };
}

/**
 * Idempotent: creates what is missing of the operator admin (BOOTSTRAP_ADMIN_EMAIL /
 * BOOTSTRAP_ADMIN_PASSWORD, a generated password when unset), the "Demo Co" organization with
 * store `demo` (USD, en), its owner, and one publishable and one secret API key. Passwords and
 * keys are returned only when this run created them.
 */
export async function seedDemo(platform: Platform): Promise<SeedResult> {
  const { config } = platform;
  const admin = await ensureUser(
    platform,
    config.BOOTSTRAP_ADMIN_EMAIL,
    config.BOOTSTRAP_ADMIN_PASSWORD,
    'admin',
  );
  const owner = await ensureUser(platform, DEMO_OWNER_EMAIL, undefined, null);

  let org = await findOrganizationByName(platform.db, DEMO_ORGANIZATION);
  const orgCreated = !org;
  org ??= await createOrganization(platform.db, { name: DEMO_ORGANIZATION });

  let store = await findStoreByHandle(platform.db, DEMO_STORE_HANDLE);
  const storeCreated = !store;
  store ??= await createStore(platform.db, {
    organizationId: org.id,
    input: { name: 'Demo Store', handle: DEMO_STORE_HANDLE, currency: 'USD', locale: 'en' },
  });
  const storeId = store.id;

  const keys = await withStore(platform.db, storeId, async (tx) => {
    if (!(await getMembership(tx, { storeId, userId: owner.user.id }))) {
      await addMembership(tx, { storeId, userId: owner.user.id, role: 'owner' });
    }
    const active = await tx
      .select({ kind: apiKeys.kind })
      .from(apiKeys)
      .where(and(eq(apiKeys.storeId, storeId), isNull(apiKeys.revokedAt)));
    const has = (kind: string) => active.some((k) => k.kind === kind);
    const publishable = has('publishable')
      ? null
      : (await createApiKey(tx, { storeId, kind: 'publishable', name: 'Demo storefront' })).key;
    const secret = has('secret')
      ? null
      : (await createApiKey(tx, { storeId, kind: 'secret', name: 'Demo server' })).key;
    return { publishable, secret };
  });

  return {
    created:
      admin.seeded.created ||
      owner.seeded.created ||
      orgCreated ||
      storeCreated ||
      keys.publishable !== null ||
      keys.secret !== null,
    admin: admin.seeded,
    owner: owner.seeded,
    organization: { id: org.id, name: org.name, created: orgCreated },
    store: { id: store.id, handle: store.handle, name: store.name, created: storeCreated },
    publishableKey: keys.publishable,
    secretKey: keys.secret,
  };
}

/** Whether the database has no organization yet (a fresh installation that `start` seeds). */
export async function isEmptyInstallation(platform: Platform): Promise<boolean> {
  return (await countOrganizations(platform.db)) === 0;
}

const UserCreateInput = z.object({
  email: Email,
  password: Password,
  role: z.string().min(1),
  storeHandle: z.string().min(1).optional(),
});

/**
 * `carton user create`: a staff user with an operator role, or (with a store handle) a store
 * role. An existing user gets the new password and the role; returns whether it was created.
 */
export async function createUserFromCli(
  platform: Platform,
  input: { email: string; password: string; role: string; storeHandle?: string | undefined },
): Promise<{ user: User; created: boolean; storeId: string | null }> {
  const { email, password, role, storeHandle } = parseInput(UserCreateInput, input, 'options');
  const roles: readonly string[] = storeHandle ? STORE_ROLES : OPERATOR_ROLES;
  if (!roles.includes(role)) {
    throw new AppError('VALIDATION_FAILED', `--role must be one of: ${roles.join(', ')}.`, {
      errors: [{ path: 'options.role', message: `one of ${roles.join(', ')}` }],
    });
  }
  const store = storeHandle ? await findStoreByHandle(platform.db, storeHandle) : null;
  if (storeHandle && !store) throw new AppError('STORE_NOT_FOUND', `No store with handle "${storeHandle}".`);
  const passwordHash = await hashPassword(password);

  return platform.db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, email);
    let user =
      existing ??
      (await createUser(tx, {
        email,
        passwordHash,
        status: 'active',
        operatorRole: store ? null : (role as OperatorRole),
      }));
    if (existing) {
      user = await setUserPassword(tx, { userId: existing.id, passwordHash });
      if (!store)
        user = (await setOperatorRole(tx, { userId: user.id, operatorRole: role as OperatorRole })).after;
    }
    if (store) await upsertMembership(tx, { storeId: store.id, userId: user.id, role: role as StoreRole });
    return { user, created: !existing, storeId: store?.id ?? null };
  });
}
