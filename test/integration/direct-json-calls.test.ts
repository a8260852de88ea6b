import { FakeTelegram } from '../../src/simulator/fake-telegram';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testI18n } from '../helpers/harness';

/**
 * The production bot makes its JSON-only Bot API calls directly (see directJsonCalls), and leaves
 * the calls made inside a dialogue of the conversations plugin to grammY's client, where the
 * plugin's replay sits: every call reaches Telegram once either way.
 */
describe('how the bot reaches the Bot API', () => {
  const fixture = useBotFixture('direct-calls');

  it('menu replies go out directly (no grammY abort signal); a dialogue’s own calls go through grammY’s client; each reaches Telegram once', async () => {
    const telegram = new FakeTelegram();
    const calls: Array<{ method: string; direct: boolean }> = [];
    const fakeFetch = telegram.fetch;
    const recording = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = url.slice(url.lastIndexOf('/') + 1);
      calls.push({ method, direct: init?.signal === undefined });
      return fakeFetch(input, init);
    }) as typeof fetch;
    Object.assign(telegram, { fetch: recording });
    const bot = await fixture.bot({ telegram });
    const t = (await testI18n()).translatorFor('en');

    const user = await userWithLanguage(bot, 501, 'en');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.direct)).toBe(true);

    calls.length = 0;
    const before = telegram.calls.length;
    await user.press(t('menu.deadlines'));
    const [question] = await user.press(t('deadlines.answer.tj'));
    expect(question!.text).toContain(t('deadlines.q.entry-date'));
    // Inside the calculator (a conversation) the button is answered on the dialogue's own Api,
    // through grammY's client; its screens are shown on the update's (see the calculator).
    expect(calls).toContainEqual({ method: 'answerCallbackQuery', direct: false });
    expect(calls).toContainEqual({ method: 'editMessageText', direct: true });
    // Every call the bot made reached the Bot API exactly once: none repeated by a dialogue replay.
    expect(telegram.calls.slice(before).map((c) => c.method)).toEqual(calls.map((c) => c.method));
  });
});
