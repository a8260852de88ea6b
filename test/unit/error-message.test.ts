import { errorMessage } from '../../src/startup';

describe('error messages written to the log', () => {
  it('given a network error from node-fetch naming the Bot API URL, when logged, then the bot token is not in the message but the cause is', () => {
    const token = '7123456789:AAH4k2_secret-Part-of-The-Token-xyz09';
    const cause = new Error(`request to https://api.telegram.org/bot${token}/sendPhoto failed, reason: connect ECONNREFUSED 127.0.0.1:443`);
    const error = Object.assign(new Error("Network request for 'sendPhoto' failed!"), { error: cause });
    const message = errorMessage(error);
    expect(message).not.toContain(token);
    expect(message).not.toContain('secret-Part');
    expect(message).toContain("Network request for 'sendPhoto' failed!");
    expect(message).toContain('connect ECONNREFUSED 127.0.0.1:443');
    expect(message).toContain('/bot<bot token>/sendPhoto');
  });

  it('given an error with nothing secret in it, when logged, then it is kept whole, causes included', () => {
    const error = new Error('getMe failed', { cause: new Error('timeout after 500 s (chat 12345)') });
    expect(errorMessage(error)).toBe('getMe failed: timeout after 500 s (chat 12345)');
  });
});
