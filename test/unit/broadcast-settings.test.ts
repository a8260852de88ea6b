import { ConfigError, loadConfig } from '../../src/config';
import { broadcastSettingsFromConfig, DEFAULT_BROADCAST_SETTINGS } from '../../src/services/broadcast';

/** Delivery settings as a process started with `env` gets them. */
const broadcastSettingsFromEnv = (env: NodeJS.ProcessEnv) => broadcastSettingsFromConfig(loadConfig(env));

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

  it('recovers from a killed worker within about 10 s by default; the lock and the check are settings', () => {
    const defaults = broadcastSettingsFromEnv({});
    expect(defaults.lockDurationMs + defaults.stalledIntervalMs).toBeLessThanOrEqual(10_000);
    const settings = broadcastSettingsFromEnv({ BROADCAST_LOCK_SECONDS: '20', BROADCAST_STALLED_CHECK_SECONDS: '0.5' });
    expect(settings).toMatchObject({ lockDurationMs: 20_000, stalledIntervalMs: 500 });
    expect(() => broadcastSettingsFromEnv({ BROADCAST_LOCK_SECONDS: '1' })).toThrow(/BROADCAST_LOCK_SECONDS/);
    expect(() => broadcastSettingsFromEnv({ BROADCAST_STALLED_CHECK_SECONDS: '0' })).toThrow(/BROADCAST_STALLED_CHECK_SECONDS/);
  });

  it('refuses a rate above Telegram\'s bulk limit, naming the variable', () => {
    expect(() => broadcastSettingsFromEnv({ BROADCAST_RATE_PER_SECOND: '50' })).toThrow(ConfigError);
    expect(() => broadcastSettingsFromEnv({ BROADCAST_RATE_PER_SECOND: '50' })).toThrow(/BROADCAST_RATE_PER_SECOND: must be at most 30/);
    expect(() => broadcastSettingsFromEnv({ BROADCAST_WORKER: 'elsewhere' })).toThrow(/BROADCAST_WORKER/);
  });
});
