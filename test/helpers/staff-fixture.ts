import type { Translate } from '../../src/bot/i18n';
import { createLiveContent, type LiveContent } from '../../src/services/content-store/live-content';
import { createRoleDirectory } from '../../src/services/staff/staff-directory';
import type { ChatDriver } from '../../src/simulator/chat-driver';
import type { FakeTelegram } from '../../src/simulator/fake-telegram';
import type { useBotFixture } from './bot-fixture';
import { testContent, testI18n, type TestBot } from './harness';
import { waitFor } from './wait-for';

/** Ids of the people in the staff tests. */
export const ADMIN = 9001;
export const STAFF = 9002;
export const OTHER_STAFF = 9003;

/** "Today" in the staff tests: 25 November 2026, 09:00 UTC. */
export const NOW = Date.UTC(2026, 10, 25, 9, 0);

export type Fixture = ReturnType<typeof useBotFixture>;

/** A bot with configured admin and staff, run-time staff in Redis, and (optionally) live content. */
export async function staffBot(
  fixture: Fixture,
  options: { live?: boolean; telegram?: FakeTelegram; clock?: () => number } = {},
): Promise<TestBot & { content?: LiveContent }> {
  const adminIds = new Set([ADMIN]);
  const staffIds = new Set([STAFF, OTHER_STAFF]);
  const roles = createRoleDirectory({ adminIds, staffIds, redisKeyPrefix: fixture.prefix }, fixture.redis);
  const content = options.live ? await createLiveContent(fixture.redis, testContent(), { keyPrefix: fixture.prefix }) : undefined;
  const bot = await fixture.bot({
    config: { adminIds, staffIds },
    telegram: options.telegram,
    deps: { roles, clock: options.clock ?? (() => NOW), ...(content ? { content } : {}) },
  });
  return { ...bot, content };
}

/** The translator of a language. */
export async function translator(lang: 'ru' | 'tg' | 'en'): Promise<Translate> {
  return (await testI18n()).translatorFor(lang);
}

/** Waits until `condition` holds (pub/sub reaches other instances asynchronously). */
export const eventually = (condition: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void> => waitFor(condition, 'a change to reach every instance', timeoutMs);

/** Button texts of the newest message with buttons. */
export function labels(user: ChatDriver): string[] {
  return user.buttons().map((b) => b.text);
}
