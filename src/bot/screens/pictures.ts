import { InputFile, type Context } from 'grammy';
import type { ContentLibrary } from '../../content/loader';
import type { Logger } from '../../logger';
import type { DeadlineItem, LocalDate } from '../../services/deadlines';
import type { PictureCache, PictureRequest } from '../../services/pictures';
import type { I18nFlavor } from '../context';
import { asGrammyError, MESSAGE_OPTIONS } from '../respond';
import { deadlinesPicture, sosPicture } from '../render/pictures-view';

/** A context that can answer in the person's language (a feature's, or a dialogue's outer one). */
type PictureContext = Context & I18nFlavor;

/**
 * Sends the bot's pictures. A picture always follows its text, which stays the accessible version:
 * when Telegram refuses a photo, the text has already said everything.
 */
export interface PictureSender {
  /** The calculator's result as a timeline picture, after its text (nothing when no deadline applies). */
  sendDeadlines(ctx: PictureContext, items: readonly DeadlineItem[], entryDate: LocalDate, today: LocalDate): Promise<void>;
  /** The SOS card as a picture to keep in the phone's gallery; if it cannot be sent, says so. */
  sendSos(ctx: PictureContext): Promise<void>;
  /** Pins the message whose button was pressed (the SOS card) at the top of the chat; a refusal is explained. */
  pinSos(ctx: PictureContext): Promise<void>;
}

/** What the sender needs: the picture cache, the live content (the SOS card) and the log. */
export interface PictureSenderDeps {
  pictures: PictureCache;
  content: ContentLibrary;
  logger: Pick<Logger, 'warn'>;
}

/** The bot's {@link PictureSender}. */
export function pictureSender(deps: PictureSenderDeps): PictureSender {
  /** Sends `request` as a photo; false (and a log line without any personal data) when it could not. */
  const send = async (ctx: PictureContext, request: PictureRequest, fileName: string, caption: string): Promise<boolean> => {
    try {
      const png = await deps.pictures.png(request);
      await ctx.replyWithPhoto(new InputFile(png, fileName), { caption, ...MESSAGE_OPTIONS });
      return true;
    } catch (error) {
      const apiError = asGrammyError(error);
      deps.logger.warn({ picture: fileName, code: apiError?.error_code, err: { message: apiError?.description ?? (error as Error).message } }, 'picture not sent');
      return false;
    }
  };

  return {
    async sendDeadlines(ctx, items, entryDate, today) {
      const request = deadlinesPicture(ctx.t, items, entryDate, today);
      if (request) await send(ctx, request, 'deadlines.png', ctx.t('pictures.timeline.caption'));
    },
    async sendSos(ctx) {
      const sent = await send(ctx, sosPicture(deps.content, ctx.lang, ctx.t), 'sos.png', ctx.t('pictures.sos.caption'));
      if (!sent) await ctx.reply(ctx.t('pictures.sos.failed'), MESSAGE_OPTIONS);
    },
    async pinSos(ctx) {
      const messageId = ctx.callbackQuery?.message?.message_id;
      if (messageId === undefined) return;
      try {
        await ctx.pinChatMessage(messageId, { disable_notification: true });
      } catch (error) {
        deps.logger.warn({ code: asGrammyError(error)?.error_code, err: { message: asGrammyError(error)?.description ?? (error as Error).message } }, 'SOS card not pinned');
        await ctx.reply(ctx.t('pictures.sos.pin-failed'), MESSAGE_OPTIONS);
      }
    },
  };
}
