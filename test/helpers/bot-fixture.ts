import type Redis from 'ioredis';
import { createTestBot, type TestBot, type TestBotOptions } from './harness';
import { connectTestRedis, deleteKeysWithPrefix, uniquePrefix } from './test-redis';

/**
 * Per-test-file set-up shared by the integration tests: one Redis client, a fresh key prefix per
 * test (deleted afterwards), and a bot factory bound to both.
 */
export function useBotFixture(label: string) {
  const state = {} as { redis: Redis; prefix: string };
  beforeAll(() => {
    state.redis = connectTestRedis();
  });
  beforeEach(() => {
    state.prefix = uniquePrefix(label);
  });
  afterEach(async () => {
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
    bot(options: Partial<TestBotOptions> = {}): Promise<TestBot> {
      return createTestBot({ redis: state.redis, prefix: state.prefix, ...options });
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
