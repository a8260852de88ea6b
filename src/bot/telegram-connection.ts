import { HttpError, type Transformer } from 'grammy';
import type { Logger } from '../logger';
import { errorMessage } from '../startup';

/** Whether Telegram answers, as the bot's own calls find it; readiness and the log follow it. */
export interface TelegramConnection {
  /** True once a call got an answer, false while calls fail on the network. */
  readonly reachable: boolean;
  /** Install on the bot's Api, outermost, so it sees what retries could not fix. */
  readonly transformer: Transformer;
}

/**
 * Watches the bot's Bot API calls: one warning when Telegram stops answering (a network failure,
 * not an API error such as a blocked user), one line when it answers again — never a line per
 * failed poll, which would flood the log during an outage.
 */
export function watchTelegramConnection(logger: Logger): TelegramConnection {
  let reachable = false;
  let lost = false;
  const transformer: Transformer = async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (lost) logger.info({ method }, 'Telegram answers again');
      reachable = true;
      lost = false;
      return result;
    } catch (error) {
      if (error instanceof HttpError && !signal?.aborted) {
        if (!lost) logger.warn({ method, err: { message: errorMessage(error) } }, 'Telegram does not answer; retrying');
        reachable = false;
        lost = true;
      }
      throw error;
    }
  };
  return {
    get reachable() {
      return reachable;
    },
    transformer,
  };
}

/**
 * Retries a call that failed on the network (no answer from Telegram at all) a few times, briefly:
 * a person's reply should survive a dropped connection, but not wait for minutes. getUpdates is
 * left alone: the runner retries polling with its own back-off.
 */
export function retryNetworkFailures(options: { attempts?: number; delayMs?: number } = {}): Transformer {
  const attempts = options.attempts ?? 2;
  const delayMs = options.delayMs ?? 500;
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || method === 'getUpdates' || signal?.aborted || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs * (attempt + 1)));
      }
    }
  };
}
