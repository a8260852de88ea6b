import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';

/**
 * Paths that could carry personal data if someone ever logs an update or a payload.
 * People at risk use this bot: text, names, usernames and phone numbers never reach the logs.
 */
const PERSONAL_FIELDS = [
  'text', 'caption', 'first_name', 'last_name', 'username', 'phone_number', 'contact', 'from', 'chat',
  'callback_query', 'update', 'payload',
];

/** Creates the process logger. Personal fields are removed even if a caller logs them by mistake. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        // `message` only at the top: an error's own `err.message` is wanted, an update's message is not.
        paths: ['message', ...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`), ...PERSONAL_FIELDS.map((f) => `*.*.${f}`)],
        remove: true,
      },
    },
    destination,
  );
}

/** A stable, salted, non-reversible tag for a Telegram user id, for correlating log lines. */
export function hashUserId(userId: number | undefined, salt: string): string | undefined {
  if (userId === undefined) return undefined;
  return createHash('sha256').update(`${salt}:${userId}`).digest('hex').slice(0, 12);
}

export type { Logger };
