import type { Middleware } from 'grammy';
import { hashUserId, type Logger } from '../../logger';
import { guessLanguage } from '../../services/languages';
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
 */
export function errorBoundary(deps: { logger: Logger; i18n: I18n; logSalt: string; metrics?: BotMetrics }): Middleware<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const storageDown = isStorageUnavailable(error);
      deps.metrics?.updateErrors.inc({ kind: storageDown ? 'storage-unavailable' : 'other' });
      deps.logger.error(
        { updateId: ctx.update.update_id, user: hashUserId(ctx.from?.id, deps.logSalt), err: describeError(error), storageDown },
        'update failed',
      );
      // The session may be what failed, so fall back to the language Telegram reports.
      const t = ctx.t ?? deps.i18n.translatorFor(guessLanguage(ctx.from?.language_code));
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
