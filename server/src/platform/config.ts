import { z } from 'zod';

/** Every setting Carton reads from the environment, parsed once at boot. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url().optional(),
  CARTON_DATA_DIR: z.string().default('.carton'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  PUBLIC_URL: z.url().optional(),
  CARTON_SECRET: z.string().min(32, 'CARTON_SECRET must be at least 32 characters').optional(),
  REDIS_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@carton.local'),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Carton <no-reply@carton.local>'),
  CORS_ORIGINS: z.string().default('*'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(20),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

export type Config = z.infer<typeof ConfigSchema> & { CARTON_SECRET: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, CARTON_SECRET: parsed.data.CARTON_SECRET ?? '' };
}
