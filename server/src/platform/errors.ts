/**
 * The one application error type. Services throw it with a stable code; the HTTP layer maps it
 * to an RFC 9457 problem+json answer with the status below.
 */
export const AppErrorCode = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  WEBHOOK_SIGNATURE_INVALID: 400,
  UNAUTHENTICATED: 401,
  PAYMENT_DECLINED: 402,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_INVALID: 401,
  TOKEN_REVOKED: 401,
  MFA_REQUIRED: 401,
  MFA_INVALID: 401,
  API_KEY_INVALID: 401,
  INTEGRATION_SIGNATURE_INVALID: 401,
  FORBIDDEN: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  CONSENT_REQUIRED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  STORE_NOT_FOUND: 404,
  COUPON_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  INVALID_STATE_TRANSITION: 409,
  CATEGORY_HAS_CHILDREN: 409,
  INSUFFICIENT_STOCK: 409,
  LIMIT_REACHED: 409,
  CART_NOT_ACTIVE: 409,
  COUPON_LIMIT_REACHED: 409,
  CART_CHANGED: 409,
  CHECKOUT_TOTAL_CHANGED: 409,
  CART_EXPIRED: 410,
  LINK_EXPIRED: 410,
  IDEMPOTENCY_KEY_IN_USE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  PAYMENTS_NOT_CONFIGURED: 422,
  CONFIRMATION_MISMATCH: 422,
  CATEGORY_CYCLE: 422,
  NO_SHIPPING_TO_ADDRESS: 422,
  SHIPPING_NOT_REQUIRED: 422,
  SHIPPING_METHOD_UNAVAILABLE: 422,
  AMOUNT_MISMATCH: 422,
  REFUND_EXCEEDS_CAPTURED: 422,
  CART_LIMIT_EXCEEDED: 422,
  COUPON_EXPIRED: 422,
  COUPON_NOT_YET_VALID: 422,
  COUPON_MINIMUM_NOT_MET: 422,
  COUPON_NOT_APPLICABLE: 422,
  GIFT_CARD_INVALID: 422,
  GIFT_CARD_EXPIRED: 422,
  GIFT_CARD_BALANCE_CHANGED: 409,
  EDIT_NOT_COVERED: 409,
  CHECKOUT_INCOMPLETE: 422,
  RETURN_WINDOW_CLOSED: 422,
  INTEGRATION_PAYLOAD_INVALID: 422,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PAYMENT_PROVIDER_ERROR: 502,
  UNAVAILABLE: 503,
  PAYMENT_PROVIDER_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof AppErrorCode;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  /** Further members of the problem document (RFC 9457 extensions), e.g. the new totals of a 409. */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message?: string,
    extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      cause?: unknown;
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(message ?? code.toLowerCase().replaceAll('_', ' '), { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = AppErrorCode[code];
    this.errors = extra.errors;
    this.headers = extra.headers;
    this.extensions = extra.extensions;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
