/**
 * Roles and the named permissions they grant. Every /admin and /platform route checks one of
 * these with `requirePermission(name)`. To add a permission, add one entry to PERMISSIONS naming
 * the roles that hold it; nothing else needs to change.
 */

export const OPERATOR_ROLES = [
  'admin',
  'account_executive',
  'implementation_consultant',
  'support',
  'read_only',
] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const STORE_ROLES = ['owner', 'admin', 'staff', 'read_only'] as const;
export type StoreRole = (typeof STORE_ROLES)[number];

/** Roles whose holders must use TOTP MFA. */
const MFA_STORE_ROLES: ReadonlySet<string> = new Set<StoreRole>(['owner', 'admin']);
const MFA_OPERATOR_ROLES: ReadonlySet<string> = new Set<OperatorRole>(['admin']);

export function roleRequiresMfa(roles: { storeRole?: string | null; operatorRole?: string | null }): boolean {
  return (
    (roles.storeRole != null && MFA_STORE_ROLES.has(roles.storeRole)) ||
    (roles.operatorRole != null && MFA_OPERATOR_ROLES.has(roles.operatorRole))
  );
}

interface PermissionDefinition {
  description: string;
  storeRoles?: readonly StoreRole[];
  operatorRoles?: readonly OperatorRole[];
  /** False for permissions a secret API key must never carry (managing people and keys). */
  apiKeys?: boolean;
}

const ALL_STORE: readonly StoreRole[] = STORE_ROLES;
const STORE_MANAGERS: readonly StoreRole[] = ['owner', 'admin'];
const STORE_STAFF: readonly StoreRole[] = ['owner', 'admin', 'staff'];
const ALL_OPERATORS: readonly OperatorRole[] = OPERATOR_ROLES;

export const PERMISSIONS = {
  // Store scope (a staff member's role in the active store, or a secret API key).
  'store.read': { description: 'Read the store and its settings', storeRoles: ALL_STORE },
  'store.manage': { description: "Change the store's settings", storeRoles: STORE_MANAGERS },
  'staff.read': { description: 'List staff members', storeRoles: ALL_STORE },
  'staff.manage': {
    description: 'Invite, change the role of and remove staff',
    storeRoles: STORE_MANAGERS,
    apiKeys: false,
  },
  'api_keys.read': { description: 'List API keys', storeRoles: STORE_MANAGERS },
  'api_keys.manage': {
    description: 'Create and revoke API keys',
    storeRoles: STORE_MANAGERS,
    apiKeys: false,
  },
  'webhooks.read': { description: 'List webhook endpoints and deliveries', storeRoles: ALL_STORE },
  'webhooks.manage': { description: 'Create, change and replay webhooks', storeRoles: STORE_MANAGERS },
  'events.read': { description: 'Read the event stream and live feed', storeRoles: ALL_STORE },
  'audit.read': { description: 'Read the audit log', storeRoles: STORE_MANAGERS },
  'catalog.read': {
    description: 'Read products, variants, categories and collections',
    storeRoles: ALL_STORE,
  },
  'catalog.manage': {
    description: 'Create, change, import and delete products, categories and collections',
    storeRoles: STORE_STAFF,
  },
  'pricing.read': { description: 'Read prices, price lists and exchange rates', storeRoles: ALL_STORE },
  'pricing.manage': { description: 'Change prices, price lists and exchange rates', storeRoles: STORE_STAFF },
  'inventory.read': { description: 'Read stock locations, levels and reservations', storeRoles: ALL_STORE },
  'inventory.manage': {
    description: 'Adjust and transfer stock, manage locations and reservations',
    storeRoles: STORE_STAFF,
  },
  'shipping.read': { description: 'Read shipping zones, methods and rates', storeRoles: ALL_STORE },
  'shipping.manage': {
    description: 'Create, change and delete shipping zones and methods',
    storeRoles: STORE_STAFF,
  },
  'tax.read': { description: 'Read tax settings and rates, and preview tax', storeRoles: ALL_STORE },
  'tax.manage': { description: 'Change tax settings and rates', storeRoles: STORE_MANAGERS },
  'search.analytics.read': { description: 'Read search analytics', storeRoles: ALL_STORE },
  'payments.read': { description: 'Read payments, refunds and payment settings', storeRoles: ALL_STORE },
  'payments.manage': {
    description: 'Capture, void and refund payments; change the payment provider and its credentials',
    storeRoles: STORE_MANAGERS,
  },
  'customers.read': {
    description: 'Read customers: profiles, address books, wish lists and marketing consent',
    storeRoles: ALL_STORE,
  },
  'customers.manage': {
    description:
      "Keep customers' records: address books, marketing consent (one by one or imported), tax exemption",
    storeRoles: STORE_STAFF,
  },
  'customers.export': {
    description: 'Download everything held about a customer (GDPR export)',
    storeRoles: STORE_MANAGERS,
  },
  'customers.erase': {
    description: "Erase a customer's personal data (GDPR erasure; orders stay, anonymised)",
    storeRoles: STORE_MANAGERS,
  },
  'carts.read': { description: "Read shoppers' carts", storeRoles: ALL_STORE },
  'promotions.read': { description: 'Read coupons and their redemptions', storeRoles: ALL_STORE },
  'promotions.manage': { description: 'Create, change and delete coupons', storeRoles: STORE_STAFF },
  'gift_cards.read': { description: 'Read gift cards and their balances’ history', storeRoles: ALL_STORE },
  'gift_cards.manage': {
    description: 'Issue gift cards, disable them, change their expiry and adjust their balance',
    storeRoles: STORE_MANAGERS,
  },
  'orders.read': { description: 'Read orders, fulfilments, returns and invoices', storeRoles: ALL_STORE },
  'recovery.read': {
    description: 'Read tracked and abandoned carts, recovery settings and recovery analytics',
    storeRoles: ALL_STORE,
  },
  'recovery.manage': { description: 'Change recovery settings and campaigns', storeRoles: STORE_MANAGERS },
  'orders.manage': {
    description: 'Process, ship, deliver and cancel orders; approve, receive and refund returns',
    storeRoles: STORE_STAFF,
  },
  'reports.read': {
    description: 'Read sales reports (the admin dashboard: sales, orders, conversion)',
    storeRoles: ALL_STORE,
  },

  'messaging.read': {
    description: 'Read message templates, channel settings, consent and the message log',
    storeRoles: ALL_STORE,
  },
  'messaging.manage': {
    description: 'Create, change and delete message templates; send and cancel messages; record consent',
    storeRoles: STORE_STAFF,
  },
  'messaging.settings.manage': {
    description: 'Choose messaging providers, set their credentials and the frequency caps',
    storeRoles: STORE_MANAGERS,
  },
  'integrations.read': {
    description:
      'Read connected shops (Shopify, WooCommerce, BigCommerce, Magento), their deliveries and inbox',
    storeRoles: ALL_STORE,
  },
  'integrations.manage': {
    description: 'Connect, change and disconnect shops on other platforms, and their credentials',
    storeRoles: STORE_MANAGERS,
  },

  // Operator scope (the platform operator's own staff).
  'platform.organizations.read': {
    description: 'List organizations and stores',
    operatorRoles: ALL_OPERATORS,
  },
  'platform.organizations.manage': {
    description: 'Create organizations and stores, add store owners',
    operatorRoles: ['admin', 'account_executive', 'implementation_consultant'],
  },
  'platform.users.read': { description: 'List operator staff', operatorRoles: ALL_OPERATORS },
  'platform.users.manage': {
    description: 'Invite operator staff and change their roles',
    operatorRoles: ['admin'],
  },
  'platform.audit.read': {
    description: 'Read the audit log of every store',
    operatorRoles: ['admin', 'support'],
  },
} satisfies Record<string, PermissionDefinition>;

export type Permission = keyof typeof PERMISSIONS;

/** Every signed-in staff member holds this, whatever their role: their own profile, MFA, sessions. */
export const SELF_PERMISSION = 'profile.manage';
/** What a publishable key grants: the storefront and ingest surfaces of its store. */
export const STOREFRONT_PERMISSION = 'storefront.access';
/** What a signed-in shopper holds in addition: their own account. */
export const CUSTOMER_PERMISSION = 'customer.self';

/** The role a secret API key acts with when none is chosen. */
export const DEFAULT_SECRET_KEY_ROLE: StoreRole = 'admin';
/** Roles a secret API key may carry (never owner). */
export const SECRET_KEY_ROLES = ['admin', 'staff', 'read_only'] as const satisfies readonly StoreRole[];

function collect(pick: (def: PermissionDefinition) => boolean): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [name, def] of Object.entries(PERMISSIONS) as [string, PermissionDefinition][]) {
    if (pick(def)) out.add(name);
  }
  return out;
}

const storeRoleSets = new Map<string, ReadonlySet<string>>(
  STORE_ROLES.map((r) => [r, collect((d) => d.storeRoles?.includes(r) ?? false)]),
);
const operatorRoleSets = new Map<string, ReadonlySet<string>>(
  OPERATOR_ROLES.map((r) => [r, collect((d) => d.operatorRoles?.includes(r) ?? false)]),
);
const EMPTY: ReadonlySet<string> = new Set();

export function storeRolePermissions(role: string | null | undefined): ReadonlySet<string> {
  return (role && storeRoleSets.get(role)) || EMPTY;
}

export function operatorRolePermissions(role: string | null | undefined): ReadonlySet<string> {
  return (role && operatorRoleSets.get(role)) || EMPTY;
}

// Principals are built on every request; their permission sets are shared, built once per combination.
const staffSets = new Map<string, ReadonlySet<string>>();

export function staffPermissions(storeRole: string | null, operatorRole: string | null): ReadonlySet<string> {
  const key = `${storeRole ?? ''}|${operatorRole ?? ''}`;
  let set = staffSets.get(key);
  if (!set) {
    set = new Set([
      ...storeRolePermissions(storeRole),
      ...operatorRolePermissions(operatorRole),
      SELF_PERMISSION,
    ]);
    staffSets.set(key, set);
  }
  return set;
}

const secretKeySets = new Map<string, ReadonlySet<string>>();

export function secretKeyPermissions(role: string): ReadonlySet<string> {
  let set = secretKeySets.get(role);
  if (!set) {
    const defs = PERMISSIONS as Record<string, PermissionDefinition>;
    set = new Set([...storeRolePermissions(role)].filter((p) => defs[p]?.apiKeys !== false));
    secretKeySets.set(role, set);
  }
  return set;
}

export const PUBLISHABLE_KEY_PERMISSIONS: ReadonlySet<string> = new Set([STOREFRONT_PERMISSION]);
export const CUSTOMER_PERMISSIONS: ReadonlySet<string> = new Set([
  STOREFRONT_PERMISSION,
  CUSTOMER_PERMISSION,
]);

/** Whether `actor` (a store role) may grant or take away `target` (owners only by owners). */
export function canAssignStoreRole(actor: string | null | undefined, target: string): boolean {
  if (actor === 'owner') return true;
  if (actor === 'admin') return target !== 'owner';
  return false;
}
