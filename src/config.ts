import { z } from 'zod';
import { LANGUAGES } from './services/languages';

/** Comma-separated Telegram user ids, e.g. "123, 456". Empty means nobody. */
const userIdList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const ids: number[] = [];
    for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!/^\d{1,15}$/.test(part)) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not a Telegram user id (digits only)` });
        return z.NEVER;
      }
      ids.push(Number(part));
    }
    return ids;
  });

const seconds = (fallback: number) => z.coerce.number().int().min(60).default(fallback);

/** `host:port[,host:port…]` (a host name, an IPv4 address or a bracketed IPv6 address). */
const HOST_PORT_LIST = /^(?:[\w.-]+|\[[\da-fA-F:]+\]):\d{1,5}(?:,\s*(?:[\w.-]+|\[[\da-fA-F:]+\]):\d{1,5})*$/;

/** `redis+sentinel://[:password@]host:port,host:port/master-name` (see storage/redis.ts). */
const SENTINEL_URL = /^redis\+sentinel:\/\/(?:[^@/]*@)?(?:[\w.-]+|\[[\da-fA-F:]+\]):\d{1,5}(?:,(?:[\w.-]+|\[[\da-fA-F:]+\]):\d{1,5})*\/[\w.-]+(?:\?.*)?$/;

/** The one schema for everything read from the environment. */
const environmentSchema = z.object({
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{30,}$/, 'must look like 123456:ABC… (from @BotFather)')
    .optional(),
  REDIS_URL: z
    .union([
      z.url({ protocol: /^rediss?$/ }),
      z.string().regex(SENTINEL_URL, 'redis+sentinel://[:password@]host:port,host:port/master-name'),
    ], { error: 'must be a redis://, rediss:// or redis+sentinel:// URL' })
    .optional(),
  REDIS_SENTINELS: z.string().regex(HOST_PORT_LIST, 'comma-separated host:port of the sentinels, e.g. "10.0.0.1:26379,10.0.0.2:26379"').optional(),
  REDIS_SENTINEL_NAME: z.string().regex(/^[\w.-]+$/, 'the master name the sentinels monitor (letters, digits, "_", ".", "-")').optional(),
  BOT_API_ROOT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://api.telegram.org'),
  ADMIN_IDS: userIdList,
  STAFF_IDS: userIdList,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.:-]*$/, 'only letters, digits and "_", "-", ".", ":"')
    .default('mhb:'),
  SESSION_TTL_SECONDS: seconds(180 * 24 * 3600),
  CONVERSATION_TTL_SECONDS: seconds(24 * 3600),
  // No default here: with a token it is required (see below); offline it falls back to OFFLINE_LOG_SALT.
  LOG_SALT: z.string().min(8, 'must be at least 8 characters').optional(),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be the public https URL Telegram posts updates to' }).optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters of A-Z, a-z, 0-9, "_" and "-" (Telegram secret_token rules)')
    .optional(),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(10),
  BROADCAST_RATE_PER_SECOND: z.coerce.number().positive().max(30, 'must be at most 30 (Telegram bans faster bulk sending)').default(25),
  BROADCAST_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  BROADCAST_PROGRESS_SECONDS: z.coerce.number().min(1).max(60).default(3),
  BROADCAST_WORKER: z.enum(['in-process', 'external']).default('in-process'),
  BROADCAST_LOCK_SECONDS: z.coerce.number().min(2).max(600).default(8),
  BROADCAST_STALLED_CHECK_SECONDS: z.coerce.number().min(0.5).max(600).default(2),
  STAFF_CHAT_ID: z.coerce
    .number()
    .int()
    .max(-1, 'must be the id of the staff group (a negative number like -1001234567890)')
    .refine(Number.isSafeInteger, 'is not a Telegram chat id')
    .optional(),
  STAFF_CHAT_LANGUAGE: z.enum(LANGUAGES).default('ru'),
  HANDOFF_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  INSIGHT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

/** Telegram needs some token string even when nothing talks to Telegram (simulator, tests). */
export const OFFLINE_TOKEN = '0:offline-simulator-token-not-for-telegram';

/** Log salt of the offline simulator only: a public string, so a real token requires LOG_SALT. */
const OFFLINE_LOG_SALT = 'migrant-help-bot';

type Environment = z.output<typeof environmentSchema>;

/**
 * Every rule that ties variables together, in one place. Each broken rule becomes an issue named
 * after its variable, so the start-up message lists them all at once.
 */
function checkCrossVariableRules(e: Environment, ctx: z.RefinementCtx): void {
  const require = (variable: string, when: string) => ctx.addIssue({ code: 'custom', path: [variable], message: `required when ${when}` });
  if (e.BOT_TOKEN && !e.REDIS_URL && !e.REDIS_SENTINELS) require('REDIS_URL', 'BOT_TOKEN is set (sessions and dialogues live in Redis)');
  if (e.REDIS_SENTINELS && !e.REDIS_SENTINEL_NAME) require('REDIS_SENTINEL_NAME', 'REDIS_SENTINELS is set (the master name the sentinels monitor)');
  if (e.REDIS_SENTINELS && e.REDIS_URL) {
    ctx.addIssue({ code: 'custom', path: ['REDIS_URL and REDIS_SENTINELS'], message: 'set one of the two (REDIS_URL may itself be a redis+sentinel:// URL)' });
  }
  if (e.BOT_TOKEN && !e.LOG_SALT) require('LOG_SALT', 'BOT_TOKEN is set (the built-in salt is public, so hashed user ids in logs could be reversed)');
  if (e.BOT_MODE === 'webhook' && (!e.WEBHOOK_URL || !e.WEBHOOK_SECRET)) {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL and WEBHOOK_SECRET'], message: 'both required when BOT_MODE=webhook' });
  }
}

/**
 * Where Redis is, as one connection string for `createRedis` (storage/redis.ts): REDIS_URL as given,
 * or REDIS_SENTINELS + REDIS_SENTINEL_NAME written as the `redis+sentinel://` URL they stand for.
 */
function redisConnectionString(e: Environment): string | undefined {
  if (e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME) return `redis+sentinel://${e.REDIS_SENTINELS.replace(/\s+/g, '')}/${e.REDIS_SENTINEL_NAME}`;
  return e.REDIS_URL;
}

/** Where the bot talks to: Telegram with a token and Redis, or the offline simulator (no token). */
function connection(e: Environment) {
  const redisUrl = redisConnectionString(e);
  if (e.BOT_TOKEN && redisUrl && e.LOG_SALT) {
    return { botToken: e.BOT_TOKEN, redisUrl, logSalt: e.LOG_SALT };
  }
  return {
    /** Missing only in the offline simulator. */
    botToken: undefined,
    redisUrl,
    logSalt: e.LOG_SALT ?? OFFLINE_LOG_SALT,
  };
}

/** How updates arrive: long polling, or a webhook behind our HTTP server (its public URL and secret). */
function transport(e: Environment) {
  if (e.BOT_MODE === 'webhook' && e.WEBHOOK_URL && e.WEBHOOK_SECRET) {
    return { mode: 'webhook' as const, webhook: { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } };
  }
  return { mode: 'polling' as const, webhook: undefined };
}

/** Ids the code only reads. */
const idSet = (ids: number[]): ReadonlySet<number> => new Set(ids);

/** The environment, checked as a whole and turned into the settings the code reads. */
const configSchema = environmentSchema.superRefine(checkCrossVariableRules).transform((e) => ({
  ...connection(e),
  ...transport(e),
  botApiRoot: e.BOT_API_ROOT.replace(/\/+$/, ''),
  adminIds: idSet(e.ADMIN_IDS),
  staffIds: idSet(e.STAFF_IDS),
  logLevel: e.LOG_LEVEL,
  redisKeyPrefix: e.REDIS_KEY_PREFIX.endsWith(':') || e.REDIS_KEY_PREFIX === '' ? e.REDIS_KEY_PREFIX : `${e.REDIS_KEY_PREFIX}:`,
  /** Session data of a user inactive this long is dropped by Redis. */
  sessionTtlSeconds: e.SESSION_TTL_SECONDS,
  /** A dialogue left untouched this long is forgotten; the user starts again from the menu. */
  conversationTtlSeconds: e.CONVERSATION_TTL_SECONDS,
  /** Health, readiness and metrics (and the webhook in webhook mode) listen here. */
  http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
  /** Per user: at most `max` updates per `windowSeconds`, across all instances (Redis). */
  rateLimit: { max: e.RATE_LIMIT_MAX, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
  /**
   * Safety-notice delivery: messages per second for the whole bot, parallel sends, progress interval,
   * where the worker runs, and the queue's job lock and stalled-job check (crash recovery).
   */
  broadcast: {
    ratePerSecond: e.BROADCAST_RATE_PER_SECOND,
    concurrency: e.BROADCAST_CONCURRENCY,
    progressSeconds: e.BROADCAST_PROGRESS_SECONDS,
    worker: e.BROADCAST_WORKER,
    lockSeconds: e.BROADCAST_LOCK_SECONDS,
    stalledCheckSeconds: e.BROADCAST_STALLED_CHECK_SECONDS,
  },
  /**
   * "Write to a person": requests go to this staff group (absent: the button says the service is
   * not available); the bot writes there in `language`; closed cases are kept `retentionDays`.
   */
  handoff: { staffChatId: e.STAFF_CHAT_ID, language: e.STAFF_CHAT_LANGUAGE, retentionDays: e.HANDOFF_RETENTION_DAYS },
  /** Staff insight: the anonymised text of unanswered questions is kept `retentionDays`. */
  insight: { retentionDays: e.INSIGHT_RETENTION_DAYS },
}));

/**
 * Validated settings of one bot process, as the schema produces them: online (token, Redis and salt
 * all set) or offline, and polling or webhook (with its URL and secret).
 */
export type Config = z.output<typeof configSchema>;

/** A configuration value that cannot be used; the message names the variable and the problem. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/**
 * Reads and validates the configuration once.
 * @throws ConfigError with one readable line per bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Blank values in .env files mean "not set", not "set to empty".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}
