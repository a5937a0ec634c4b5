import type { Config } from '../../platform/config.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';

/** The messages identity sends. Each carries a link with a single-use token. */

export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/**
 * The store's storefront, where e-mails send shoppers: its own (`settings.storefront_url`), or
 * the one Carton serves at its root for STOREFRONT_STORE. Another store has no storefront here:
 * it gets `/shop/{handle}` until it sets `storefront_url`.
 */
export function storefrontUrl(
  config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'STOREFRONT_STORE'>,
  store: { settings: Record<string, unknown>; handle: string },
): string {
  const url = store.settings.storefront_url;
  if (typeof url === 'string' && /^https?:\/\//.test(url)) return url.replace(/\/+$/, '');
  const base = publicBaseUrl(config);
  return store.handle === config.STOREFRONT_STORE ? base : `${base}/shop/${store.handle}`;
}

function link(base: string, path: string, token: string): string {
  return `${base}${path}?token=${encodeURIComponent(token)}`;
}

export async function sendStaffInvitation(
  mailer: Mailer,
  options: { to: string; baseUrl: string; token: string; storeName: string | null },
): Promise<void> {
  const url = link(options.baseUrl, '/admin/accept-invitation', options.token);
  const where = options.storeName ? ` to ${options.storeName}` : ' to the Carton platform';
  await mailer.send({
    to: options.to,
    subject: `You have been invited${where}`,
    text:
      `You have been invited${where} on Carton.\n\n` +
      `Choose a password to accept the invitation:\n${url}\n\n` +
      `Invitation code: ${options.token}\n\nThe link works once and expires in 7 days.\n`,
  });
}

export async function sendStaffAddedToStore(
  mailer: Mailer,
  options: { to: string; baseUrl: string; storeName: string; role: string },
): Promise<void> {
  await mailer.send({
    to: options.to,
    subject: `You now have access to ${options.storeName}`,
    text: `You were added to ${options.storeName} on Carton as ${options.role}.\n\nSign in: ${options.baseUrl}/admin\n`,
  });
}

export async function sendPasswordReset(
  mailer: Mailer,
  options: { to: string; url: string; token: string; who: string },
): Promise<void> {
  await mailer.send({
    to: options.to,
    subject: `Reset your ${options.who} password`,
    text:
      `Someone asked to reset the password of this ${options.who} account.\n\n` +
      `Choose a new password:\n${options.url}\n\nReset code: ${options.token}\n\n` +
      `The link works once and expires in 1 hour. If you did not ask for it, ignore this message.\n`,
  });
}

export function staffResetUrl(baseUrl: string, token: string): string {
  return link(baseUrl, '/admin/reset-password', token);
}

export function customerResetUrl(storefrontUrl: string, token: string): string {
  return link(storefrontUrl.replace(/\/+$/, ''), '/account/reset-password', token);
}

export function customerActivateUrl(storefrontUrl: string, token: string): string {
  return link(storefrontUrl.replace(/\/+$/, ''), '/account/activate', token);
}

/** A customer staff added is asked to choose a password: their account, with the orders it already holds. */
export async function sendAccountInvitation(
  mailer: Mailer,
  options: { to: string; url: string; token: string; storeName: string; locale: string | null },
): Promise<{ messageId: string }> {
  const vi = options.locale?.toLowerCase().startsWith('vi') === true;
  return mailer.send({
    to: options.to,
    subject: vi
      ? `Tạo tài khoản của bạn tại ${options.storeName}`
      : `Create your ${options.storeName} account`,
    text: vi
      ? `${options.storeName} đã tạo hồ sơ khách hàng cho bạn.\n\n` +
        `Chọn mật khẩu để mở tài khoản — xem đơn hàng, địa chỉ và thanh toán nhanh hơn:\n${options.url}\n\n` +
        `Mã mời: ${options.token}\n\nLiên kết chỉ dùng được một lần và hết hạn sau 7 ngày.\n`
      : `${options.storeName} has set up a customer account for you.\n\n` +
        `Choose a password to open it — see your orders, keep your addresses and check out faster:\n${options.url}\n\n` +
        `Invitation code: ${options.token}\n\nThe link works once and expires in 7 days.\n`,
  });
}

export function customerVerifyUrl(storefrontUrl: string, token: string): string {
  return link(storefrontUrl.replace(/\/+$/, ''), '/account/verify-email', token);
}

/** Sent at registration: proving the address joins the orders placed with it as a guest to the account. */
export async function sendEmailVerification(
  mailer: Mailer,
  options: { to: string; url: string; token: string; who: string },
): Promise<void> {
  await mailer.send({
    to: options.to,
    subject: `Confirm your e-mail address for ${options.who}`,
    text:
      `Confirm that this address is yours to finish setting up your ${options.who} account — ` +
      `orders you placed with it as a guest then appear in your account:\n${options.url}\n\n` +
      `Confirmation code: ${options.token}\n\n` +
      `The link works once and expires in 3 days. If you did not create an account, ignore this message.\n`,
  });
}
