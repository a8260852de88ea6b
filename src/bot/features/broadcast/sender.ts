import type { Api } from 'grammy';
import type { NoticeTransport, ProgressReporter } from '../../../services/broadcast';
import { classifyTelegramError } from '../../send-failure';
import type { I18n } from '../../i18n';
import { progressKeyboard, renderFinalReport, renderProgress } from './view';

/** What a Bot API error means for a notice (shared with reminders: bot/send-failure.ts). */
export { classifyTelegramError };
import { asGrammyError, MESSAGE_OPTIONS } from '../../respond';

/**
 * The grammY side of notice delivery: one HTML message per call, on an Api without auto-retry
 * (the queue handles 429 for everyone at once, instead of each send sleeping on its own).
 */
export function telegramNoticeTransport(api: Api): NoticeTransport {
  return {
    send: async (chatId, html) => {
      await api.sendMessage(chatId, html, MESSAGE_OPTIONS);
    },
    classify: classifyTelegramError,
  };
}

function editFailedForGood(error: unknown): boolean {
  const description = asGrammyError(error)?.description ?? '';
  return /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(description);
}

function notModified(error: unknown): boolean {
  return asGrammyError(error)?.description.includes('message is not modified') ?? false;
}

/** Keeps the admin's progress message current and sends the final report, in the admin's language. */
export function telegramProgressReporter(api: Api, i18n: I18n): ProgressReporter {
  return {
    async progress(view) {
      const { notice } = view;
      // 0: the admin who sent it asked to be forgotten; there is nobody to report to.
      if (notice.adminChatId === 0) return undefined;
      const t = i18n.translatorFor(notice.adminLanguage);
      const html = renderProgress(t, view);
      const options = { ...MESSAGE_OPTIONS, reply_markup: progressKeyboard(t, notice) };
      if (notice.progressMessageId !== undefined) {
        try {
          await api.editMessageText(notice.adminChatId, notice.progressMessageId, html, options);
          return undefined;
        } catch (error) {
          if (notModified(error)) return undefined;
          // Deleted by the admin, or too old to edit: a fresh progress message takes its place.
          if (!editFailedForGood(error)) throw error;
        }
      }
      const sent = await api.sendMessage(notice.adminChatId, html, options);
      return sent.message_id;
    },

    async finished(view) {
      const { notice } = view;
      if (notice.adminChatId === 0) return;
      const t = i18n.translatorFor(notice.adminLanguage);
      if (notice.progressMessageId !== undefined) {
        // The progress message keeps the last numbers and loses its buttons.
        await api.editMessageText(notice.adminChatId, notice.progressMessageId, renderProgress(t, view), MESSAGE_OPTIONS).catch(() => undefined);
      }
      await api.sendMessage(notice.adminChatId, renderFinalReport(t, view), MESSAGE_OPTIONS);
    },
  };
}
