import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../errors.ts';

/** RFC 9457 problem details, with Carton's stable `code` and field-level `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Translate anything thrown by a route into an AppError; unknown errors become INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const errors = fe.validation.map((v) => ({
      path: [fe.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new AppError('VALIDATION_FAILED', 'The request does not match the expected shape.', { errors });
  }
  if (fe.validation) {
    return new AppError('VALIDATION_FAILED', fe.message);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.');
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED', fe.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('BAD_REQUEST', fe.message);
  }
  return new AppError('INTERNAL', 'Something went wrong on our side.', { cause: err });
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const problem: Problem = {
    type: `https://carton.dev/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    code: err.code,
    detail: err.message,
    instance: req.url.split('?')[0],
    request_id: String(req.id),
  };
  if (err.errors) problem.errors = err.errors;

  if (err.headers) reply.headers(err.headers);
  return reply
    .status(err.status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(err.extensions ? { ...err.extensions, ...problem } : problem);
}
