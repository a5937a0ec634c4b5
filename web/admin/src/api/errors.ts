/** An RFC 9457 problem the API answered with, or a network failure (status 0). */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : `HTTP ${status}`;
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status === 0 ? 'NETWORK' : 'UNKNOWN';
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.body = body;
  }

  /** The message for a field, matched on the end of its path (`body.variants.0.sku` ← `variants.0.sku`). */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.endsWith(`.${path}`))?.message;
  }

  /** The first message for a body field or anything within it (`body.allowed_origins.2` ← `allowed_origins`). */
  fieldErrorWithin(path: string): string | undefined {
    const field = `body.${path}`;
    return this.errors.find((e) => e.path === field || e.path.startsWith(`${field}.`))?.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
