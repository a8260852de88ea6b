import type { Update } from 'grammy/types';
import { featureCallback } from '../../src/bot/keyboards/callback-data';
import { LANGUAGES } from '../../src/services/languages';
import { SubscriberStore } from '../../src/services/subscribers';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testI18n, type TestBot } from '../helpers/harness';

/** A `my_chat_member` update: the user blocked (`kicked`) or unblocked (`member`) the bot. */
async function chatMemberUpdate(bot: TestBot, userId: number, status: 'kicked' | 'member'): Promise<void> {
  const user = { id: userId, is_bot: false, first_name: 'Tester' };
  const me = { id: bot.telegram.botInfo.id, is_bot: true, first_name: 'Bot' };
  await bot.bot.handleUpdate({
    update_id: 10_000 + userId,
    my_chat_member: {
      chat: { id: userId, type: 'private', first_name: 'Tester' },
      from: user,
      date: 0,
      old_chat_member: { status: status === 'kicked' ? 'member' : 'kicked', user: me, ...(status === 'member' ? { until_date: 0 } : {}) },
      new_chat_member: { status, user: me, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  } as Update);
}

describe('subscribing to safety notices', () => {
  const fixture = useBotFixture('subs');
  const store = () => new SubscriberStore(fixture.redis, fixture.prefix);

  describe.each(LANGUAGES)('in %s', (language) => {
    it('asked once after choosing a language: subscribe, pick a region, see it in settings, unsubscribe', async () => {
      const t = (await testI18n()).translatorFor(language);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 501, language);
      // The offer comes once, on top of the first menu.
      expect(user.lastMessage()!.text).toContain(t('subscriptions.ask').replace(/<\/?b>/g, ''));
      expect(user.buttons().map((b) => b.text)).toContain(t('menu.police'));
      await user.send('/language');
      const [again] = await user.press({ ru: 'Русский', tg: 'Тоҷикӣ', en: 'English' }[language]);
      expect(again!.text).not.toContain(t('subscriptions.ask').replace(/<\/?b>/g, ''));

      const [subscribed] = await user.press(t('subscriptions.button.subscribe'));
      expect(subscribed!.text).toContain(t('subscriptions.subscribed'));
      expect(subscribed!.text).toContain(t('subscriptions.choose-region'));
      expect(await store().get(501)).toMatchObject({ userId: 501, language, active: true, region: undefined });

      const [saved] = await user.press(t('subscriptions.region.kzn'));
      expect(saved!.text).toContain(t('subscriptions.region-saved'));
      expect(saved!.text).toContain(t('subscriptions.settings.status-on'));
      expect(saved!.text).toContain(t('subscriptions.settings.region', { region: t('subscriptions.region.kzn') }));
      expect((await store().get(501))!.region).toBe('kzn');

      const [settings] = await user.send('/settings');
      expect(settings!.text).toContain(t('subscriptions.settings.status-on'));
      expect(settings!.text).toContain(t('subscriptions.region.kzn'));

      const [off] = await user.press(t('subscriptions.button.unsubscribe'));
      expect(off!.text).toContain(t('subscriptions.unsubscribed'));
      expect(off!.text).toContain(t('subscriptions.settings.status-off'));
      expect(await store().get(501)).toBeUndefined();
      // Nothing about the user stays behind.
      expect(await fixture.redis.keys(`${fixture.prefix}subs:*`)).toEqual([]);
    });

    it('"no, thanks" subscribes nobody and points to the settings', async () => {
      const t = (await testI18n()).translatorFor(language);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 502, language);
      const [declined] = await user.press(t('subscriptions.button.no-thanks'));
      expect(declined!.text).toContain(t('subscriptions.declined'));
      expect(await store().get(502)).toBeUndefined();
      const [settings] = await user.press(t('subscriptions.button.settings'));
      expect(settings!.text).toContain(t('subscriptions.settings.status-off'));
      const [on] = await user.press(t('subscriptions.button.subscribe'));
      expect(on!.text).toContain(t('subscriptions.subscribed'));
      const [skipped] = await user.press(t('subscriptions.button.not-now'));
      expect(skipped!.text).toContain(t('subscriptions.settings.region', { region: t('subscriptions.settings.region-none') }));
    });
  });

  it('the main-menu entry opens the settings; the region can be changed and cleared', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 503, 'en');
    const [settings] = await user.pressData(featureCallback('subs', 'settings'));
    expect(settings!.text).toContain('Safety notices: ❌ off');
    await user.press('🔔 Subscribe');
    await user.press('Moscow region');
    const [regions] = await user.press('📍 City or region');
    expect(regions!.keyboard!.inline_keyboard.flat().map((b) => b.text)).toContain('✓ Moscow region');
    const [cleared] = await user.press('No region');
    expect(cleared!.text).toContain('City or region: not chosen');
    expect((await store().get(503))!.region).toBeUndefined();
  });

  it('the stored language follows the language the user reads the bot in', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 504, 'tg');
    await user.pressData(featureCallback('subs', 'on'));
    expect((await store().get(504))!.language).toBe('tg');
    await user.send('/language');
    await user.press('English');
    const [settings] = await user.send('/settings');
    expect(settings!.text).toContain('Language: English');
    expect((await store().get(504))!.language).toBe('en');
  });

  it('blocking the bot marks the subscriber inactive; unblocking makes them active again', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 505, 'ru');
    await user.pressData(featureCallback('subs', 'on'));
    await chatMemberUpdate(bot, 505, 'kicked');
    expect((await store().get(505))!.active).toBe(false);
    await chatMemberUpdate(bot, 505, 'member');
    expect((await store().get(505))!.active).toBe(true);
    // Someone who never subscribed is not added by either.
    await chatMemberUpdate(bot, 506, 'kicked');
    await chatMemberUpdate(bot, 506, 'member');
    expect(await store().get(506)).toBeUndefined();
    // The logs carry a hash, never the user id (the timestamp is left out: its digits may hold "505").
    const lines = bot.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'subscriber reachability changed');
    expect(lines.length).toBeGreaterThan(0);
    for (const { time: _time, ...line } of lines) expect(JSON.stringify(line)).not.toContain('505');
  });

  it('/forget erases the subscription (the store is a UserDataEraser)', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 507, 'en');
    await user.pressData(featureCallback('subs', 'on'));
    await user.press('Kazan');
    await store().eraseUser(507);
    expect(await store().get(507)).toBeUndefined();
    expect(await fixture.redis.keys(`${fixture.prefix}subs:*`)).toEqual([]);
    await store().eraseUser(507); // erasing nothing is fine
  });

  it('forged or unknown subscription buttons are answered as out of date', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 508, 'en');
    const answer = await user.pressData('f:subs:region:mars');
    expect(answer.at(-1)!.text).toContain('This button is out of date.');
    expect(await store().get(508)).toBeUndefined();
  });

  it('without Redis (offline simulator) the settings say notices are unavailable', async () => {
    const bot = await fixture.bot({ deps: { redis: undefined } });
    const user = await userWithLanguage(bot, 509, 'tg');
    const [answer] = await user.send('/settings');
    expect(answer!.text).toContain('Огоҳиҳо ҳоло дастрас нестанд');
  });
});
