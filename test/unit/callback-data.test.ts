import { z } from 'zod';
import { readArgs } from '../../src/bot/callback-args';
import { encodeCallback, featureCallback, featurePattern, splitCallback, type CallbackAction } from '../../src/bot/keyboards/callback-data';
import { createTestBot, type TestBot } from '../helpers/harness';

describe('callback data', () => {
  it.each<[CallbackAction, string, string[]]>([
    [{ kind: 'set-language', language: 'tg' }, 'lang:tg', ['tg']],
    [{ kind: 'open-language-picker' }, 'langs', []],
    [{ kind: 'open-menu' }, 'menu', []],
    [{ kind: 'open-help' }, 'help', []],
    [{ kind: 'open-card', cardId: 'rights.police.stop' }, 'card:rights.police.stop', ['rights.police.stop']],
    [{ kind: 'open-dialogue', dialogue: 'deadlines' }, 'dlg:deadlines', ['deadlines']],
    [{ kind: 'dialogue-choice', choice: 'm-2026-3' }, 'ch:m-2026-3', ['m-2026-3']],
  ])('builds %p byte for byte as before, and splits it back into its arguments', (action, wire, args) => {
    const data = encodeCallback(action);
    expect(data).toBe(wire);
    expect(splitCallback(data)).toEqual({ head: wire.split(':')[0], args });
  });

  it.each([undefined, '', 'card:../x', 'card:A B', 'lang:', 'x::z', 'dlg:' + 'a'.repeat(60), 'f', 'f:', 'f:faq:../x'])('refuses %p', (data) => {
    expect(splitCallback(data)).toBeUndefined();
  });

  it('never builds data longer than Telegram allows', () => {
    expect(() => encodeCallback({ kind: 'open-card', cardId: 'x'.repeat(70) })).toThrow(/too long/);
  });

  it('arguments are read by the schema beside the handler: wrong count or value is nothing', () => {
    const language = [z.enum(['ru', 'tg', 'en'])] as const;
    expect(readArgs(language, ['tg'])).toEqual(['tg']);
    expect(readArgs(language, ['de'])).toBeUndefined();
    expect(readArgs(language, ['tg', 'x'])).toBeUndefined();
    expect(readArgs([], [])).toEqual([]);
    expect(readArgs([], ['extra'])).toBeUndefined();
    expect(readArgs(language, undefined)).toBeUndefined();
  });
});

describe('feature buttons', () => {
  it('round-trip with their arguments and are matched by feature', () => {
    const data = featureCallback('faq', 'q', 12, 'p-2');
    expect(data).toBe('f:faq:q:12:p-2');
    expect(splitCallback(data)).toEqual({ head: 'f:faq', args: ['q', '12', 'p-2'] });
    expect(featurePattern('faq').test(data)).toBe(true);
    expect(featurePattern('fa').test(data)).toBe(false);
    expect(() => featureCallback('faq', 'a b')).toThrow();
  });
});

describe('forged or malformed data of each core action', () => {
  let bot: TestBot;
  let nextUser = 9100;
  beforeAll(async () => {
    // Offline: memory stores only, no Redis touched.
    bot = await createTestBot({ redis: undefined as never, prefix: 'unit:callback:', deps: { redis: undefined } });
  });

  it.each([
    ['lang:de', 'a language the bot does not speak'],
    ['lang:tg:ru', 'a language button with an extra argument'],
    ['lang', 'a language button without one'],
    ['langs:x', 'the language picker with an argument'],
    ['menu:extra', 'the menu with an argument'],
    ['help:1', 'help with an argument'],
    ['card:no.such.card', 'a card that does not exist'],
    ['card:a:b', 'a card button with two arguments'],
    ['card', 'a card button without one'],
    ['dlg:nowhere', 'a dialogue that does not exist'],
    ['dlg', 'a dialogue button without one'],
    ['ch:back', 'a dialogue choice outside any dialogue'],
    ['card:', 'an empty card id'],
    ['dlg:../../etc', 'a path where a dialogue id belongs'],
    ['nonsense', 'no action at all'],
    ['a:b:c:d', 'an unknown action with arguments'],
    ['', 'empty data'],
  ])('%p (%s) gets the stale-button answer with the menu', async (data) => {
    const user = bot.user(++nextUser, 'en');
    await user.send('/start');
    await user.press('English');
    const before = bot.telegram.callsOf('answerCallbackQuery').length;
    const shown = await user.pressData(data);
    expect(bot.telegram.callsOf('answerCallbackQuery').length).toBe(before + 1);
    expect(shown.at(-1)!.text).toContain('This button is out of date.');
    expect(shown.at(-1)!.text).toContain('Main menu');
  });
});
