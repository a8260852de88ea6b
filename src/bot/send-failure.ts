import { GrammyError, HttpError } from 'grammy';
import type { SendFailure } from '../services/broadcast';
import { asGrammyError } from './respond';

/** Telegram's words for why it refused, trimmed: they are stored per notice and shown to admins. */
function reasonOf(description: string): string {
  const text = description.replace(/^(Bad Request|Forbidden): /, '').trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/**
 * What a Bot API error means for a message the bot sends on its own (a notice, a reminder): slow
 * down, blocked, refused for good, or try again.
 */
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
