import { loadConfig } from '../../src/config';
import { parseSentinelUrl, redisConnectionOptions } from '../../src/storage/redis';

const online = { BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', LOG_SALT: 'our-own-secret-salt' };

describe('Redis behind Sentinel as a configuration', () => {
  it('REDIS_SENTINELS and REDIS_SENTINEL_NAME become one redis+sentinel:// connection string', () => {
    const config = loadConfig({ ...online, REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26380,sentinel-3:26381', REDIS_SENTINEL_NAME: 'mhb-master' });
    expect(config.redisUrl).toBe('redis+sentinel://10.0.0.1:26379,10.0.0.2:26380,sentinel-3:26381/mhb-master');
    expect(parseSentinelUrl(config.redisUrl!)).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: 'sentinel-3', port: 26381 },
      ],
      name: 'mhb-master',
      password: undefined,
      sentinelPassword: undefined,
    });
  });

  it('a redis+sentinel:// REDIS_URL is taken as it is, with the passwords it carries', () => {
    const config = loadConfig({ ...online, REDIS_URL: 'redis+sentinel://:s%40cret@[::1]:26379,127.0.0.1:26380/main?sentinelPassword=watch' });
    expect(parseSentinelUrl(config.redisUrl!)).toEqual({
      sentinels: [
        { host: '::1', port: 26379 },
        { host: '127.0.0.1', port: 26380 },
      ],
      name: 'main',
      password: 's@cret',
      sentinelPassword: 'watch',
    });
  });

  it('the connection options ask the sentinels for the master and fail commands fast while it is away', () => {
    const { url, options } = redisConnectionOptions('redis+sentinel://127.0.0.1:26379/main');
    expect(url).toBeUndefined();
    expect(options).toMatchObject({ sentinels: [{ host: '127.0.0.1', port: 26379 }], name: 'main', maxRetriesPerRequest: 1, failoverDetector: true });
    expect(redisConnectionOptions('redis://127.0.0.1:6379/2')).toMatchObject({ url: 'redis://127.0.0.1:6379/2', options: { maxRetriesPerRequest: 1 } });
    expect(redisConnectionOptions('redis://127.0.0.1:6379').options).not.toHaveProperty('sentinels');
  });

  it.each([
    [{ REDIS_SENTINELS: '10.0.0.1:26379' }, 'REDIS_SENTINEL_NAME: required when REDIS_SENTINELS is set'],
    [{ REDIS_SENTINELS: '10.0.0.1', REDIS_SENTINEL_NAME: 'm' }, 'REDIS_SENTINELS: comma-separated host:port'],
    [{ REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_NAME: 'm', REDIS_URL: 'redis://x:6379' }, 'REDIS_URL and REDIS_SENTINELS: set one of the two'],
    [{ REDIS_URL: 'redis+sentinel://10.0.0.1/main' }, 'REDIS_URL: must be a redis://, rediss:// or redis+sentinel:// URL'],
  ])('a wrong Sentinel setting %j stops start-up naming the variable', (env, message) => {
    expect(() => loadConfig({ ...online, ...env })).toThrow(message);
  });
});
