import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  type RouteComponent,
} from '@tanstack/react-router';
import { session } from './api/session.ts';
import { EnrolPage } from './pages/auth/Enrol.tsx';
import { ChoosePasswordPage, LoginPage } from './pages/auth/Login.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';
import type { DisputeFilters } from './pages/disputes/DisputeList.tsx';
import { disputeFilterOf } from './pages/disputes/disputes.ts';
import type { DraftFilters } from './pages/draft-orders/DraftOrderList.tsx';
import type { GiftCardFilters } from './pages/gift-cards/GiftCards.tsx';
import { giftCardStatusOf } from './pages/gift-cards/gift-cards.ts';
import type { OrderFilters } from './pages/orders/OrderList.tsx';
import type { CartFilters } from './pages/recovery/AbandonedCarts.tsx';
import type { AnalyticsRange } from './pages/recovery/RecoveryAnalytics.tsx';
import { Shell } from './Shell.tsx';

/** Pages load when first visited: the sign-in page does not wait for the product editor. */
const AccountPage = lazyRouteComponent(() => import('./pages/account/Account.tsx'), 'AccountPage');
const AuditLogPage = lazyRouteComponent(() => import('./pages/audit/AuditLog.tsx'), 'AuditLogPage');
const CouponsPage = lazyRouteComponent(() => import('./pages/coupons/Coupons.tsx'), 'CouponsPage');
const CustomerDetailPage = lazyRouteComponent(
  () => import('./pages/customers/CustomerDetail.tsx'),
  'CustomerDetailPage',
);
const CustomerListPage = lazyRouteComponent(
  () => import('./pages/customers/CustomerList.tsx'),
  'CustomerListPage',
);
const CustomerGroupsPage = lazyRouteComponent(
  () => import('./pages/customers/CustomerGroups.tsx'),
  'CustomerGroupsPage',
);
const GroupDetailPage = lazyRouteComponent(
  () => import('./pages/customers/GroupDetail.tsx'),
  'GroupDetailPage',
);
const DashboardPage = lazyRouteComponent(() => import('./pages/dashboard/Dashboard.tsx'), 'DashboardPage');
const ApiKeysPage = lazyRouteComponent(() => import('./pages/developers/ApiKeys.tsx'), 'ApiKeysPage');
const WebhookDetailPage = lazyRouteComponent(
  () => import('./pages/developers/WebhookDetail.tsx'),
  'WebhookDetailPage',
);
const WebhooksPage = lazyRouteComponent(() => import('./pages/developers/Webhooks.tsx'), 'WebhooksPage');
const GiftCardsPage = lazyRouteComponent(() => import('./pages/gift-cards/GiftCards.tsx'), 'GiftCardsPage');
const GiftCardDetailPage = lazyRouteComponent(
  () => import('./pages/gift-cards/GiftCardDetail.tsx'),
  'GiftCardDetailPage',
);
const InventoryPage = lazyRouteComponent(() => import('./pages/inventory/Inventory.tsx'), 'InventoryPage');
const DisputeListPage = lazyRouteComponent(
  () => import('./pages/disputes/DisputeList.tsx'),
  'DisputeListPage',
);
const DraftOrderListPage = lazyRouteComponent(
  () => import('./pages/draft-orders/DraftOrderList.tsx'),
  'DraftOrderListPage',
);
const DraftOrderPage = lazyRouteComponent(
  () => import('./pages/draft-orders/DraftOrderEditor.tsx'),
  'DraftOrderPage',
);
const OrderDetailPage = lazyRouteComponent(() => import('./pages/orders/OrderDetail.tsx'), 'OrderDetailPage');
const OrderListPage = lazyRouteComponent(() => import('./pages/orders/OrderList.tsx'), 'OrderListPage');
const ProductEditPage = lazyRouteComponent(
  () => import('./pages/products/ProductEdit.tsx'),
  'ProductEditPage',
);
const ProductImportPage = lazyRouteComponent(
  () => import('./pages/products/ProductImport.tsx'),
  'ProductImportPage',
);
const ProductListPage = lazyRouteComponent(
  () => import('./pages/products/ProductList.tsx'),
  'ProductListPage',
);
const AbandonedCartsPage = lazyRouteComponent(
  () => import('./pages/recovery/AbandonedCarts.tsx'),
  'AbandonedCartsPage',
);
const RecoveryCartPage = lazyRouteComponent(
  () => import('./pages/recovery/CartDetail.tsx'),
  'CartDetailPage',
);
const RecoveryAnalyticsPage = lazyRouteComponent(
  () => import('./pages/recovery/RecoveryAnalytics.tsx'),
  'RecoveryAnalyticsPage',
);
const TemplatesPage = lazyRouteComponent(() => import('./pages/recovery/Templates.tsx'), 'TemplatesPage');
const TemplateEditorPage = lazyRouteComponent(
  () => import('./pages/recovery/TemplateEditor.tsx'),
  'TemplateEditorPage',
);
const CampaignsPage = lazyRouteComponent(() => import('./pages/recovery/Campaigns.tsx'), 'CampaignsPage');
const CampaignEditorPage = lazyRouteComponent(
  () => import('./pages/recovery/CampaignEditor.tsx'),
  'CampaignEditorPage',
);
const RecoverySettingsPage = lazyRouteComponent(
  () => import('./pages/recovery/RecoverySettings.tsx'),
  'RecoverySettingsPage',
);
const MessagingChannelsPage = lazyRouteComponent(
  () => import('./pages/recovery/MessagingChannels.tsx'),
  'MessagingChannelsPage',
);
const PaymentSettingsPage = lazyRouteComponent(
  () => import('./pages/settings/PaymentSettings.tsx'),
  'PaymentSettingsPage',
);
const OrderSettingsPage = lazyRouteComponent(
  () => import('./pages/settings/OrderSettings.tsx'),
  'OrderSettingsPage',
);
const MarketingSettingsPage = lazyRouteComponent(
  () => import('./pages/settings/MarketingSettings.tsx'),
  'MarketingSettingsPage',
);
const ShippingSettingsPage = lazyRouteComponent(
  () => import('./pages/settings/ShippingSettings.tsx'),
  'ShippingSettingsPage',
);
const StaffPage = lazyRouteComponent(() => import('./pages/staff/Staff.tsx'), 'StaffPage');

const whole = (v: unknown) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};
const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (s: Record<string, unknown>): { next?: string } => ({ next: text(s.next) }),
  component: LoginPage,
});

const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  component: () => <ChoosePasswordPage mode="reset" />,
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accept-invitation',
  component: () => <ChoosePasswordPage mode="invitation" />,
});

const enrolRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/enrol',
  beforeLoad: () => {
    if (!session.get()) throw redirect({ to: '/login' });
  },
  component: EnrolPage,
});

/** Everything else needs a signed-in member who has enrolled MFA when their role requires it. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: ({ location }) => {
    const s = session.get();
    if (!s) throw redirect({ to: '/login', search: { next: location.href } });
    if (s.mfaEnrolmentRequired) throw redirect({ to: '/enrol' });
  },
  component: Shell,
});

const child = <P extends string>(path: P, component: RouteComponent) =>
  createRoute({ getParentRoute: () => appRoute, path, component });

const dashboardRoute = child('/', DashboardPage);
const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders',
  validateSearch: (s: Record<string, unknown>): OrderFilters => ({
    q: text(s.q),
    status: text(s.status),
    payment_status: text(s.payment_status),
    from: text(s.from),
    to: text(s.to),
    tag: text(s.tag),
  }),
  component: OrderListPage,
});
export const orderRoute = child('/orders/$orderId', OrderDetailPage);
const draftOrdersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/draft-orders',
  validateSearch: (s: Record<string, unknown>): DraftFilters => ({
    status: s.status === 'completed' || s.status === 'expired' ? s.status : undefined,
  }),
  component: DraftOrderListPage,
});
export const draftOrderRoute = child('/draft-orders/$draftId', DraftOrderPage);
const disputesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/disputes',
  validateSearch: (s: Record<string, unknown>): DisputeFilters => ({
    status: s.status === 'open' ? undefined : disputeFilterOf(s.status),
  }),
  component: DisputeListPage,
});
const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products',
  validateSearch: (s: Record<string, unknown>): { q?: string; status?: string } => ({
    q: text(s.q),
    status: text(s.status),
  }),
  component: ProductListPage,
});
const productImportRoute = child('/products/import', ProductImportPage);
export const productRoute = child('/products/$productId', ProductEditPage);
const inventoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inventory',
  validateSearch: (s: Record<string, unknown>): { product?: string; q?: string } => ({
    product: text(s.product),
    q: text(s.q),
  }),
  component: InventoryPage,
});
const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers',
  validateSearch: (s: Record<string, unknown>): { q?: string; tag?: string; tax_exempt?: 'true' } => ({
    q: text(s.q),
    tag: text(s.tag),
    tax_exempt: s.tax_exempt === 'true' || s.tax_exempt === true ? 'true' : undefined,
  }),
  component: CustomerListPage,
});
export const customerRoute = child('/customers/$customerId', CustomerDetailPage);
const customerGroupsRoute = child('/customer-groups', CustomerGroupsPage);
export const customerGroupRoute = child('/customer-groups/$groupId', GroupDetailPage);
const couponsRoute = child('/coupons', CouponsPage);
const giftCardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/gift-cards',
  validateSearch: (s: Record<string, unknown>): GiftCardFilters => ({
    status: giftCardStatusOf(s.status),
    q: text(s.q),
  }),
  component: GiftCardsPage,
});
export const giftCardRoute = child('/gift-cards/$giftCardId', GiftCardDetailPage);
const apiKeysRoute = child('/api-keys', ApiKeysPage);
const webhooksRoute = child('/webhooks', WebhooksPage);
export const webhookRoute = child('/webhooks/$endpointId', WebhookDetailPage);
const recoveryCartsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/recovery/carts',
  validateSearch: (s: Record<string, unknown>): CartFilters => ({
    status: text(s.status),
    source: text(s.source),
    from: day(s.from),
    to: day(s.to),
    min: whole(s.min),
    max: whole(s.max),
  }),
  component: AbandonedCartsPage,
});
export const recoveryCartRoute = child('/recovery/carts/$trackedCartId', RecoveryCartPage);
const recoveryAnalyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/recovery/analytics',
  validateSearch: (s: Record<string, unknown>): AnalyticsRange => ({ from: day(s.from), to: day(s.to) }),
  component: RecoveryAnalyticsPage,
});
const templatesRoute = child('/recovery/templates', TemplatesPage);
const newTemplateRoute = child('/recovery/templates/new', TemplateEditorPage);
export const templateRoute = child('/recovery/templates/$templateId', TemplateEditorPage);
const campaignsRoute = child('/recovery/campaigns', CampaignsPage);
const newCampaignRoute = child('/recovery/campaigns/new', CampaignEditorPage);
export const campaignRoute = child('/recovery/campaigns/$campaignId', CampaignEditorPage);
const recoverySettingsRoute = child('/recovery/settings', RecoverySettingsPage);
const channelsRoute = child('/recovery/channels', MessagingChannelsPage);
const paymentSettingsRoute = child('/settings/payments', PaymentSettingsPage);
const shippingSettingsRoute = child('/settings/shipping', ShippingSettingsPage);
const orderSettingsRoute = child('/settings/orders', OrderSettingsPage);
const marketingSettingsRoute = child('/settings/marketing', MarketingSettingsPage);
const staffRoute = child('/staff', StaffPage);
const accountRoute = child('/account', AccountPage);
const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit-log',
  validateSearch: (
    s: Record<string, unknown>,
  ): { action?: string; entity_type?: string; entity_id?: string } => ({
    action: text(s.action),
    entity_type: text(s.entity_type),
    entity_id: text(s.entity_id),
  }),
  component: AuditLogPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  resetRoute,
  invitationRoute,
  enrolRoute,
  appRoute.addChildren([
    dashboardRoute,
    ordersRoute,
    orderRoute,
    draftOrdersRoute,
    draftOrderRoute,
    disputesRoute,
    productsRoute,
    productImportRoute,
    productRoute,
    inventoryRoute,
    customersRoute,
    customerRoute,
    customerGroupsRoute,
    customerGroupRoute,
    couponsRoute,
    giftCardsRoute,
    giftCardRoute,
    apiKeysRoute,
    webhooksRoute,
    webhookRoute,
    recoveryCartsRoute,
    recoveryCartRoute,
    recoveryAnalyticsRoute,
    templatesRoute,
    newTemplateRoute,
    templateRoute,
    campaignsRoute,
    newCampaignRoute,
    campaignRoute,
    recoverySettingsRoute,
    channelsRoute,
    paymentSettingsRoute,
    shippingSettingsRoute,
    orderSettingsRoute,
    marketingSettingsRoute,
    staffRoute,
    accountRoute,
    auditRoute,
  ]),
]);

export function createAdminRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    basepath: '/admin',
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAdminRouter>;
  }
}
