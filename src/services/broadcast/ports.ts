import type { Notice } from './notice-store';

/** Why a send failed, as the delivery needs to know it. The transport's adapter decides. */
export type SendFailure =
  /** Too many requests (HTTP 429): every sender waits `retryAfterMs`, then tries again. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** The user blocked the bot or deleted their account (HTTP 403): they are marked inactive. */
  | { kind: 'blocked'; reason: string }
  /** Telegram refused this message for good (other 4xx): recorded as failed with the reason. */
  | { kind: 'rejected'; reason: string }
  /** The network or Telegram had a hiccup (5xx, timeouts): retried with backoff. */
  | { kind: 'transient'; reason: string };

/**
 * How notices leave the building. The domain knows no Telegram library: the bot injects a send
 * function and a classifier of its errors (see src/bot/features/broadcast/sender.ts).
 */
export interface NoticeTransport {
  /** Sends one HTML message to a private chat. */
  send(chatId: number, html: string): Promise<void>;
  /** Tells what an error thrown by {@link send} means. */
  classify(error: unknown): SendFailure;
}

/** What an admin's progress message shows. */
export interface NoticeView {
  notice: Notice;
  /** Recipients not yet sent to (nor failed, blocked or skipped). */
  remaining: number;
  /** A rough estimate of the seconds left; undefined while paused or not started. */
  etaSeconds?: number;
}

/** Tells the admin who sent a notice how it goes. Runs outside update handlers. */
export interface ProgressReporter {
  /**
   * Shows the progress: edits the notice's progress message, or sends a new one (none yet, or
   * the old one is gone) and returns the new message's id.
   */
  progress(view: NoticeView): Promise<number | undefined>;
  /** The final report: the progress message loses its buttons, and a report message follows. */
  finished(view: NoticeView): Promise<void>;
}
