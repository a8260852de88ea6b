import type { Middleware } from 'grammy';
import { hashUserId, type Logger } from '../../logger';
import { guessLanguage } from '../../services/languages';
import type { LanguageMemory } from '../../storage/language-memory';
import { isStorageUnavailable } from '../../storage/redis';
import type { BotMetrics } from '../../observability/metrics';
import type { BotContext } from '../context';
import type { I18n } from '../i18n';
import { acknowledge, MESSAGE_OPTIONS } from '../respond';

/** What of an error may be logged: never payloads, which can hold a user's text. */
export function describeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'NonError', message: String(error) };
}

/**
 * The one error boundary: whatever fails while handling an update, the user gets a calm answer in
 * their language, the log gets the error with the update id and a hashed user id, and the bot goes on.
 * Updates failing because Redis is away are counted, not logged one by one: the Redis connection
 * logs the outage once when it begins and once when it ends.
 */
export function errorBoundary(deps: {
  logger: Logger;
  i18n: I18n;
  logSalt: string;
  metrics?: BotMetrics;
  /** Languages people picked, for when the session (in Redis) cannot be read. */
  languages?: LanguageMemory;
}): Middleware<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const storageDown = isStorageUnavailable(error);
      deps.metrics?.updateErrors.inc({ kind: storageDown ? 'storage-unavailable' : 'other' });
      const where = { updateId: ctx.update.update_id, user: hashUserId(ctx.from?.id, deps.logSalt) };
      if (storageDown) deps.logger.debug({ ...where, err: { message: describeError(error).message } }, 'update failed: storage unavailable');
      else deps.logger.error({ ...where, err: describeError(error) }, 'update failed');
      // The session may be what failed: the language last seen in it, else the one Telegram reports.
      const t =
        ctx.t ?? deps.i18n.translatorFor((ctx.from && deps.languages?.get(ctx.from.id)) ?? guessLanguage(ctx.from?.language_code));
      if (!ctx.chat) return;
      try {
        await acknowledge(ctx);
        await ctx.reply(t(storageDown ? 'errors.unavailable' : 'errors.generic'), MESSAGE_OPTIONS);
      } catch (replyError) {
        deps.logger.warn({ updateId: ctx.update.update_id, err: describeError(replyError) }, 'could not tell the user about an error');
      }
    }
  };
}
