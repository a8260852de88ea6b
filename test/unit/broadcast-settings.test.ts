import { ConfigError } from '../../src/config';
import { broadcastSettingsFromEnv, DEFAULT_BROADCAST_SETTINGS } from '../../src/services/broadcast';

describe('broadcast settings from the environment', () => {
  it('defaults to 25 messages a second, in the bot process', () => {
    expect(broadcastSettingsFromEnv({})).toEqual(DEFAULT_BROADCAST_SETTINGS);
    expect(DEFAULT_BROADCAST_SETTINGS.ratePerSecond).toBe(25);
    expect(DEFAULT_BROADCAST_SETTINGS.worker).toBe('in-process');
  });

  it('reads the rate, concurrency, progress interval and where the worker runs', () => {
    const settings = broadcastSettingsFromEnv({
      BROADCAST_RATE_PER_SECOND: '12',
      BROADCAST_CONCURRENCY: '4',
      BROADCAST_PROGRESS_SECONDS: '5',
      BROADCAST_WORKER: 'external',
    });
    expect(settings).toMatchObject({ ratePerSecond: 12, concurrency: 4, progressIntervalMs: 5000, worker: 'external' });
  });

  it('refuses a rate above Telegram\'s bulk limit, naming the variable', () => {
    expect(() => broadcastSettingsFromEnv({ BROADCAST_RATE_PER_SECOND: '50' })).toThrow(ConfigError);
    expect(() => broadcastSettingsFromEnv({ BROADCAST_RATE_PER_SECOND: '50' })).toThrow(/BROADCAST_RATE_PER_SECOND: must be at most 30/);
    expect(() => broadcastSettingsFromEnv({ BROADCAST_WORKER: 'elsewhere' })).toThrow(/BROADCAST_WORKER/);
  });
});
