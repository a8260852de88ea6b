import { GrammyError, HttpError } from 'grammy';
import { classifyTelegramError } from '../../src/bot/features/broadcast/sender';

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(`Call to 'sendMessage' failed!`, { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('what a Bot API error means for a broadcast', () => {
  it('429 pauses everyone for retry_after', () => {
    expect(classifyTelegramError(apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
  });

  it('403 means the user blocked the bot (or is gone)', () => {
    expect(classifyTelegramError(apiError(403, 'Forbidden: bot was blocked by the user'))).toEqual({ kind: 'blocked', reason: 'bot was blocked by the user' });
    expect(classifyTelegramError(apiError(403, 'Forbidden: user is deactivated')).kind).toBe('blocked');
  });

  it('other 4xx are failures with Telegram\'s reason; 5xx and network errors are retried', () => {
    expect(classifyTelegramError(apiError(400, 'Bad Request: chat not found'))).toEqual({ kind: 'rejected', reason: 'chat not found' });
    expect(classifyTelegramError(apiError(502, 'Bad Gateway'))).toEqual({ kind: 'transient', reason: 'Telegram 502' });
    expect(classifyTelegramError(new HttpError('Network request failed', new Error('ECONNRESET')))).toEqual({ kind: 'transient', reason: 'network error' });
    expect(classifyTelegramError(new Error('???')).kind).toBe('transient');
  });

  it('recognises an API error wrapped by the conversations plugin', () => {
    const wrapped = Object.assign(new Error('wrapped'), { cause: apiError(403, 'Forbidden: bot was blocked by the user') });
    expect(classifyTelegramError(wrapped).kind).toBe('blocked');
  });
});
