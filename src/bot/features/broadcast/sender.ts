import { GrammyError, HttpError, type Api } from 'grammy';
import type { NoticeTransport, ProgressReporter, SendFailure } from '../../../services/broadcast';
import type { I18n } from '../../i18n';
import { progressKeyboard, renderFinalReport, renderProgress } from './view';
import { asGrammyError, MESSAGE_OPTIONS } from '../../respond';

/** Telegram's words for why it refused, trimmed: they are stored per notice and shown to admins. */
function reasonOf(description: string): string {
  const text = description.replace(/^(Bad Request|Forbidden): /, '').trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** What a Bot API error means for a broadcast: slow down, blocked, refused for good, or try again. */
export function classifyTelegramError(error: unknown): SendFailure {
  const apiError = asGrammyError(error);
  if (apiError instanceof GrammyError) {
    const code = apiError.error_code;
    if (code === 429) return { kind: 'rate-limited', retryAfterMs: Math.max(1, apiError.parameters.retry_after ?? 1) * 1000 };
    if (code === 403) return { kind: 'blocked', reason: reasonOf(apiError.description) };
    if (code >= 500) return { kind: 'transient', reason: `Telegram ${code}` };
    return { kind: 'rejected', reason: reasonOf(apiError.description) };
  }
  if (error instanceof HttpError) return { kind: 'transient', reason: 'network error' };
  return { kind: 'transient', reason: 'unexpected error' };
}

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
