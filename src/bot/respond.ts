import { GrammyError, type Context, type InlineKeyboard } from 'grammy';
import { hashUserId, type Logger } from '../logger';
import { sendAcknowledgement } from './middlewares/acknowledgements';

/** Options every text message of the bot uses: HTML with all outside text escaped, no link previews. */
export const MESSAGE_OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/**
 * Shows a screen: after a button press, the pressed message is edited in place (one message instead
 * of a growing chat, less data on a weak connection); otherwise a new message is sent.
 */
export async function showScreen(ctx: Context, html: string, keyboard?: InlineKeyboard): Promise<void> {
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(html, { ...MESSAGE_OPTIONS, reply_markup: keyboard });
      return;
    } catch (error) {
      const apiError = asGrammyError(error);
      // Pressing the same button twice changes nothing: that is not a failure.
      if (apiError?.description.includes('message is not modified')) return;
      // Too old or deleted to edit: fall through and send a fresh message.
      if (!apiError) throw error;
    }
  }
  await ctx.reply(html, { ...MESSAGE_OPTIONS, reply_markup: keyboard });
}

/**
 * Acknowledges a button press so the client stops its spinner; failure to do so is harmless. Outside
 * dialogues it does not wait for Telegram's answer (see middlewares/acknowledgements.ts).
 */
export async function acknowledge(ctx: Context, text?: string): Promise<void> {
  if (!ctx.callbackQuery) return;
  await sendAcknowledgement(ctx, ctx.answerCallbackQuery(text ? { text } : undefined).catch(() => undefined));
}

/**
 * The Bot API error behind `error`. Inside a dialogue the conversations plugin wraps API errors
 * in a plain Error whose `cause` is the original, so both shapes are recognised.
 */
export function asGrammyError(error: unknown): GrammyError | undefined {
  if (error instanceof GrammyError) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof GrammyError ? cause : undefined;
}

/** What {@link refuse} needs: where to log, the salt of the hashed id, and what was refused. */
export interface Refusal {
  logger: Pick<Logger, 'info'>;
  logSalt: string;
  /** The log line, e.g. "admin action refused". */
  what: string;
  /** The locale key of the answer. */
  textKey: string;
}

/**
 * Refuses an action the user's role does not allow: an attempt is worth a trace (hashed id only)
 * and a plain answer, on the button as well as in the chat.
 */
export async function refuse(ctx: Context & { t: (key: string) => string }, refusal: Refusal): Promise<void> {
  refusal.logger.info({ user: hashUserId(ctx.from?.id, refusal.logSalt) }, refusal.what);
  await acknowledge(ctx, ctx.t(refusal.textKey));
  await ctx.reply(ctx.t(refusal.textKey), MESSAGE_OPTIONS);
}
