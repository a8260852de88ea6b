import type Redis from 'ioredis';
import { createTestBot, type TestBot, type TestBotOptions } from './harness';
import { connectTestRedis, deleteKeysWithPrefix, uniquePrefix } from './test-redis';

/**
 * Per-test-file set-up shared by the integration tests: one Redis client, a fresh key prefix per
 * test (deleted afterwards), and a bot factory bound to both.
 */
export function useBotFixture(label: string) {
  const state = { bots: [] as TestBot[] } as { redis: Redis; prefix: string; bots: TestBot[] };
  beforeAll(() => {
    state.redis = connectTestRedis();
  });
  beforeEach(() => {
    state.prefix = uniquePrefix(label);
  });
  afterEach(async () => {
    // Closing the services puts the working-day calendar back on its shipped data for the next test.
    for (const bot of state.bots.splice(0)) await bot.services.close();
    await deleteKeysWithPrefix(state.redis, state.prefix);
  });
  afterAll(async () => {
    await state.redis.quit();
  });
  return {
    get redis() {
      return state.redis;
    },
    get prefix() {
      return state.prefix;
    },
    /** A bot on this test's Redis prefix. */
    async bot(options: Partial<TestBotOptions> = {}): Promise<TestBot> {
      const bot = await createTestBot({ redis: state.redis, prefix: state.prefix, ...options });
      state.bots.push(bot);
      return bot;
    },
  };
}

/** Starts a chat and picks a language the way a user does. */
export async function userWithLanguage(bot: TestBot, id: number, language: 'ru' | 'tg' | 'en') {
  const user = bot.user(id, language === 'en' ? 'en' : 'ru');
  await user.send('/start');
  await user.press({ ru: 'Русский', tg: 'Тоҷикӣ', en: 'English' }[language]);
  return user;
}
