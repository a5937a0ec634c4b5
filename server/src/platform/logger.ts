import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values are personal data or secrets, at any depth of a logged object (compared
 * case-insensitively, ignoring `-` and `_`). Not a bare `code`: error codes (`23505`,
 * `ECONNREFUSED`) are what an operator needs.
 */
const SENSITIVE = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'clientSecret',
  'apiKey',
  'xApiKey',
  'xPublishableKey',
  'authorization',
  'proxyAuthorization',
  'cookie',
  'setCookie',
  'email',
  'phone',
  'totp',
  'otp',
  'mfaCode',
  'totpCode',
  'recoveryCode',
  'recoveryCodes',
  'verificationCode',
  'cardNumber',
  'cvc',
  'iban',
];
const normalize = (key: string) => key.replace(/[-_]/g, '').toLowerCase();
const SENSITIVE_KEYS = new Set(SENSITIVE.map(normalize));

/** True when a value under this key must never be logged. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalize(key));
}

const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/**
 * A copy of a logged object with sensitive keys censored, at any depth. Done per log line (in
 * pino's formatters) rather than with pino's `redact` paths: wildcard paths make every child
 * logger — one per request — cost tens of microseconds.
 */
function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  // Plain objects (and header maps, which have no prototype); errors, dates, buffers as they are.
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSensitiveKey(k) ? CENSOR : redact(v, depth + 1);
  return out;
}

// Personal data and credentials that slip into free text (messages, error details).
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** Mask e-mail addresses and credentials inside a free-text string. */
export function scrubText(text: string): string {
  if (text.length < 6) return text;
  return text.replace(EMAIL, '[email]').replace(BEARER, '$1 [redacted]').replace(JWT, '[token]');
}

/** Drizzle's "Failed query: …\nparams: a,b,c" message without the values. */
function withoutParams(text: string): string {
  return text.replace(/^params: .*$/gm, 'params: [redacted]');
}

/** Errors keep their type, code and stack; text that may quote personal data is scrubbed. */
function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!out || typeof out !== 'object') return out;
  for (const key of ['message', 'stack', 'detail', 'hint', 'where']) {
    if (typeof out[key] === 'string') out[key] = scrubText(withoutParams(out[key] as string));
  }
  // Query parameters of a failed statement are rows' values (names, addresses, phones): never
  // log them — pg names them `parameters`, Drizzle `params` and repeats them in its message.
  if ('parameters' in out) out.parameters = '[redacted]';
  if ('params' in out) out.params = '[redacted]';
  if (out.cause) out.cause = serializeError(out.cause);
  return out;
}

/** A request as logged: method and path only (a query string may carry tokens or e-mails; no IPs). */
function serializeRequest(req: { method?: string; url?: string; routeOptions?: { url?: string } }) {
  return { method: req.method, url: req.url?.split('?')[0], route: req.routeOptions?.url };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'carton' },
      formatters: {
        log: (obj) => redact(obj) as Record<string, unknown>,
        bindings: (bindings) => redact(bindings) as Record<string, unknown>,
      },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        err: serializeError,
        error: serializeError,
        req: serializeRequest,
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            if (typeof args[i] === 'string') args[i] = scrubText(args[i] as string);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
