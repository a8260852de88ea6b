import { isStorageUnavailable, warnUnlessStorageUnavailable } from '../../src/storage/redis';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('recognising a Redis outage', () => {
  it.each([
    ['a refused connection (by its code)', withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED')],
    ['a refused connection with no message (AggregateError of IPv4 and IPv6)', withCode('', 'ECONNREFUSED')],
    ["ioredis's connect timeout", withCode('connect ETIMEDOUT', 'ETIMEDOUT')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a command on a closed connection', new Error('Connection is closed.')],
    ['a command with the offline queue off', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['retries used up', Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' })],
    ['an outage wrapped as the cause of another error', new Error('saving failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('%s is an outage', (_what, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a Redis reply error', Object.assign(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), { name: 'ReplyError' })],
    ['a message that merely mentions a closed connection', new Error('Telegram said: Connection is closed. Try later')],
    ['not an error at all', 'ECONNREFUSED'],
  ])('%s is not', (_what, error) => {
    expect(isStorageUnavailable(error)).toBe(false);
  });

  it('background work that fails is logged as a warning with its message, unless Redis is away', () => {
    const warnings: unknown[][] = [];
    const failed = warnUnlessStorageUnavailable({ warn: (...args: unknown[]) => void warnings.push(args) } as never, 'metrics: refreshing failed');
    failed(new Error('WRONGTYPE Operation against a key'));
    failed(new Error('Connection is closed.'));
    expect(warnings).toEqual([[{ err: { message: 'WRONGTYPE Operation against a key' } }, 'metrics: refreshing failed']]);
  });
});
