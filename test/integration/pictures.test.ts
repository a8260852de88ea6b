import { PNG } from 'pngjs';
import type { InlineKeyboardButton } from 'grammy/types';
import type { Translate } from '../../src/bot/i18n';
import { SOS_CARD_ID } from '../../src/bot/render/card-view';
import { HOTLINES_CARD_ID } from '../../src/content/schema';
import { findPhoneNumbers, normalizePhone } from '../../src/content/phone-numbers';
import { encodeCallback } from '../../src/bot/keyboards/callback-data';
import { createLiveContent } from '../../src/services/content-store/live-content';
import type { Language } from '../../src/services/languages';
import { PICTURE_MAX_BYTES, readPngText } from '../../src/services/pictures';
import type { ChatMessage } from '../../src/simulator/fake-telegram';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testContent, testI18n, type TestBot } from '../helpers/harness';

/** "Today" for the timeline tests: 10 March 2026, noon in Moscow. */
const TODAY = Date.parse('2026-03-10T09:00:00Z');

const translator = async (lang: Language): Promise<Translate> => (await testI18n()).translatorFor(lang);

/** The photo a message carries, decoded: checks it is a real PNG within the size budget. */
function decodedPhoto(message: ChatMessage | undefined) {
  expect(message?.media?.kind).toBe('photo');
  const bytes = message!.photo!.bytes;
  const image = PNG.sync.read(bytes);
  expect([image.width, image.height]).toEqual([message!.photo!.width, message!.photo!.height]);
  expect(bytes.length).toBeLessThan(PICTURE_MAX_BYTES);
  return { bytes, image, text: readPngText(bytes).Description ?? '' };
}

/** The order of `fragments` in `text`: each must be there, after the one before. */
function expectInOrder(text: string, fragments: string[]) {
  let from = 0;
  for (const fragment of fragments) {
    const at = text.indexOf(fragment, from);
    expect({ fragment, found: at >= 0 }).toEqual({ fragment, found: true });
    from = at + fragment.length;
  }
}

describe('pictures: the deadline timeline', () => {
  const fixture = useBotFixture('pictures-timeline');

  async function tajikWorkerResult(bot: TestBot, id: number, lang: Language) {
    const t = await translator(lang);
    const user = await userWithLanguage(bot, id, lang);
    await user.press(t('menu.deadlines'));
    await user.press(t('deadlines.answer.tj'));
    await user.send('05.03.2026');
    await user.press(t('deadlines.answer.work'));
    await user.press(t('deadlines.answer.no'));
    const shown = await user.press(t('deadlines.answer.zero'));
    return { user, t, shown };
  }

  it('a Tajik worker gets the dated list, then one timeline picture of the same dates, in Tajik', async () => {
    const bot = await fixture.bot({ deps: { clock: () => TODAY } });
    const { user, t, shown } = await tajikWorkerResult(bot, 1801, 'tg');
    const [result, picture] = shown;
    expect(result!.text).toContain('20 марти соли 2026');
    // Exactly one photo, after the text.
    expect(bot.telegram.callsOf('sendPhoto')).toHaveLength(1);
    expect(user.lastMessage()).toEqual(expect.objectContaining({ messageId: picture!.messageId }));
    expect(picture!.messageId).toBeGreaterThan(result!.messageId);
    expect(picture!.text).toBe(t('pictures.timeline.caption'));

    const { image, text } = decodedPhoto(picture);
    // Portrait, for a phone.
    expect(image.height).toBeGreaterThan(image.width);
    // Entry 5 March; today 10 March; registration +15 = 20 March; fingerprinting and patent +30 = 4 April;
    // 90 days counting the entry day = 2 June. In date order, each with its Tajik label.
    expectInOrder(text, [
      t('deadlines.result-title'),
      '5 марти соли 2026 — Вуруд ба Русия',
      '10 марти соли 2026 — Имрӯз',
      `20 марти соли 2026 — ${t('deadlines.kind.registration')} — 10 рӯз монд.`,
      `4 апрели соли 2026 — ${t('deadlines.kind.fingerprinting-medical')}`,
      `4 апрели соли 2026 — ${t('deadlines.kind.patent-application')}`,
      `2 июни соли 2026 — ${t('deadlines.kind.stay-limit')}`,
      t('pictures.timeline.footer'),
    ]);
  });

  it('in Russian and English the picture has the same dates in the reader’s language', async () => {
    const bot = await fixture.bot({ deps: { clock: () => TODAY } });
    const ru = decodedPhoto((await tajikWorkerResult(bot, 1802, 'ru')).shown.at(-1)).text;
    expectInOrder(ru, ['5 марта 2026 — Въезд в Россию', '10 марта 2026 — Сегодня', '20 марта 2026', '4 апреля 2026', '2 июня 2026']);
    const en = decodedPhoto((await tajikWorkerResult(bot, 1803, 'en')).shown.at(-1)).text;
    expectInOrder(en, ['5 March 2026 — Entry to Russia', '10 March 2026 — Today', '20 March 2026 — Migration registration — 10 days left.', '2 June 2026']);
  });

  it('when Telegram refuses the photo, the text result stands, nothing else is said, and the log names no one', async () => {
    const bot = await fixture.bot({ deps: { clock: () => TODAY } });
    bot.telegram.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: PHOTO_INVALID_DIMENSIONS' });
    const { user, t } = await tajikWorkerResult(bot, 1804, 'en');
    expect(user.lastMessage()!.text).toContain(t('deadlines.result-title'));
    expect(user.lastMessage()!.text).toContain('20 March 2026');
    const failure = bot.logLines.find((line) => line.includes('picture not sent'));
    expect(failure).toContain('PHOTO_INVALID_DIMENSIONS');
    expect(failure).not.toContain('1804');
    expect(failure).not.toContain('Tester');
  });

  it('the picture comes once: a result shown again (a stale button pressed under it) sends no second one', async () => {
    const bot = await fixture.bot({ deps: { clock: () => TODAY } });
    const { user } = await tajikWorkerResult(bot, 1805, 'en');
    const result = user.messages().findLast((m) => m.keyboard)!;
    await user.pressData('ch:not-a-choice', result);
    expect(bot.telegram.callsOf('sendPhoto')).toHaveLength(1);
  });
});

describe('pictures: the SOS card', () => {
  const fixture = useBotFixture('pictures-sos');

  async function openSos(bot: TestBot, id: number, lang: Language) {
    const t = await translator(lang);
    const user = await userWithLanguage(bot, id, lang);
    await user.send('/sos');
    return { user, t, card: user.lastMessage()! };
  }

  it('one tap gives the card as a picture: Russian for the officer first, the person’s Tajik below', async () => {
    const bot = await fixture.bot();
    const { user, t, card } = await openSos(bot, 1811, 'tg');
    const [picture] = await user.press(t('pictures.sos.button'));
    expect(bot.telegram.callsOf('sendPhoto')).toHaveLength(1);
    expect(picture!.text).toBe(t('pictures.sos.caption'));
    const { text, image } = decodedPhoto(picture);
    expect(image.height).toBeGreaterThan(image.width);
    const ru = testContent().card('ru', SOS_CARD_ID)!;
    const tg = testContent().card('tg', SOS_CARD_ID)!;
    expectInOrder(text, [...ru.body.split('\n'), tg.title, ...tg.body.split('\n'), t('pictures.sos.footer')]);
    // The card above keeps its buttons: the person can still go on from it.
    expect(user.messages().find((m) => m.messageId === card.messageId)!.keyboard).toEqual(card.keyboard);
  });

  it('a Russian speaker’s picture has the Russian card only', async () => {
    const bot = await fixture.bot();
    const { user, t } = await openSos(bot, 1812, 'ru');
    const [picture] = await user.press(t('pictures.sos.button'));
    const { text } = decodedPhoto(picture);
    expect(text).toContain('Прошу переводчика');
    expect(text).not.toContain(testContent().card('en', SOS_CARD_ID)!.body.split('\n')[0]!);
    expect(text).not.toContain(testContent().card('tg', SOS_CARD_ID)!.body.split('\n')[0]!);
  });

  it('a burst of people asking for the same card gets one render, the same picture for all', async () => {
    const bot = await fixture.bot();
    const pictures: Buffer[] = [];
    for (const id of [1813, 1814, 1815]) {
      const { user, t } = await openSos(bot, id, 'tg');
      const [picture] = await user.press(t('pictures.sos.button'));
      pictures.push(picture!.photo!.bytes);
    }
    expect(bot.services.pictures.stats()).toEqual(expect.objectContaining({ renders: 1, hits: 2 }));
    expect(pictures[1]!.equals(pictures[0]!)).toBe(true);
    expect(pictures[2]!.equals(pictures[0]!)).toBe(true);
  });

  it('offers to pin the card: one tap pins the SOS message itself, quietly', async () => {
    const bot = await fixture.bot();
    const { user, t, card } = await openSos(bot, 1816, 'tg');
    await user.press(t('pictures.sos.pin-button'));
    expect(bot.telegram.callsOf('pinChatMessage').map((c) => c.payload)).toEqual([
      expect.objectContaining({ chat_id: 1816, message_id: card.messageId, disable_notification: true }),
    ]);
    expect(user.messages().find((m) => m.messageId === card.messageId)!.pinned).toBe(true);
  });

  it('when Telegram refuses to pin, the person is told how to pin it by hand', async () => {
    const bot = await fixture.bot();
    bot.telegram.failNext('pinChatMessage', { error_code: 400, description: 'Bad Request: not enough rights to manage pinned messages in the chat' });
    const { user, t } = await openSos(bot, 1817, 'tg');
    const [answer] = await user.press(t('pictures.sos.pin-button'));
    expect(answer!.text).toBe(t('pictures.sos.pin-failed'));
  });

  it('when Telegram refuses the picture, the person is pointed back to the SOS text', async () => {
    const bot = await fixture.bot();
    bot.telegram.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    const { user, t } = await openSos(bot, 1818, 'en');
    const [answer] = await user.press(t('pictures.sos.button'));
    expect(answer!.text).toBe(t('pictures.sos.failed'));
  });

  it('the buttons of an old SOS card (a pinned one, days later) still work once its dialogue is over', async () => {
    const bot = await fixture.bot();
    const { user, t, card } = await openSos(bot, 1819, 'en');
    await user.send('/menu');
    const button = card.keyboard!.inline_keyboard.flat().find((b) => b.text === t('pictures.sos.button')) as { callback_data: string };
    const [picture] = await user.pressData(button.callback_data, card);
    decodedPhoto(picture);
    const pin = card.keyboard!.inline_keyboard.flat().find((b) => b.text === t('pictures.sos.pin-button')) as { callback_data: string };
    await user.pressData(pin.callback_data, card);
    expect(bot.telegram.callsOf('pinChatMessage')).toHaveLength(1);
  });

  it('staff who edit the card see the new picture on the next request', async () => {
    const content = await createLiveContent(fixture.redis, testContent(), { keyPrefix: fixture.prefix });
    try {
      const bot = await fixture.bot({ deps: { content } });
      const { user, t } = await openSos(bot, 1820, 'tg');
      const before = decodedPhoto((await user.press(t('pictures.sos.button')))[0]);
      expect(before.text).not.toContain('Я прошу вызвать консула.');

      const doc = content.cardDocs.get(SOS_CARD_ID)!;
      const cards = { ...doc.data.cards, ru: { ...doc.data.cards.ru, body: `${doc.data.cards.ru.body}\nЯ прошу вызвать консула.` } };
      expect((await content.cardDocs.update(SOS_CARD_ID, doc.version, { cards }, 9002)).ok).toBe(true);

      await user.send('/sos');
      const after = decodedPhoto((await user.press(t('pictures.sos.button')))[0]);
      expect(after.text).toContain('Я прошу вызвать консула.');
      expect(after.bytes.equals(before.bytes)).toBe(false);
      expect(bot.services.pictures.stats().renders).toBe(2);
    } finally {
      await content.close();
    }
  });
});

describe('hotlines: a copy button per number', () => {
  const fixture = useBotFixture('pictures-copy');

  it('on every card, the copy buttons are exactly the numbers its text shows (none on the SOS card)', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 1831, 'tg');
    let withNumbers = 0;
    for (const cardId of testContent().cardIds()) {
      await user.pressData(encodeCallback({ kind: 'open-card', cardId }));
      const card = user.lastMessage()!;
      const copied = card.keyboard!.inline_keyboard.flat().flatMap((b) => ('copy_text' in b && b.copy_text ? [b.copy_text.text] : []));
      const shown = findPhoneNumbers(card.text);
      expect({ cardId, copied: copied.map(normalizePhone).sort() }).toEqual({ cardId, copied: [...new Set(shown.map(normalizePhone))].sort() });
      if (cardId === SOS_CARD_ID) expect(copied).toEqual([]);
      if (copied.length > 0) withNumbers += 1;
    }
    expect(withNumbers).toBeGreaterThan(0);
  });

  it.each<Language>(['ru', 'tg', 'en'])('in %s, the hotlines card has one copy button per verified number, carrying exactly that number', async (lang) => {
    const bot = await fixture.bot();
    const t = await translator(lang);
    const user = await userWithLanguage(bot, 1830, lang);
    await user.press(t('menu.hotlines'));
    const buttons = user.lastMessage()!.keyboard!.inline_keyboard.flat();
    const copies = buttons.filter((b): b is InlineKeyboardButton.CopyTextButtonButton => 'copy_text' in b);
    const copied = copies.map((b) => b.copy_text.text);

    // The numbers on the card, as the verified registry writes them, each once.
    const card = testContent().card(lang, HOTLINES_CARD_ID)!;
    const registry = testContent().allContacts();
    const expected = registry.filter((r) => r.status === 'verified' && card.contacts!.includes(r.id)).flatMap((r) => r.phones);
    expect(copied).toEqual(expected);
    expect(copied).toEqual(['112', '102', '+7 (495) 967-98-44', '+7 (966) 031-22-22', '+7 (936) 174-19-92', '+7 (926) 311-52-53']);
    // Each is a verified number, character for character, and the button says which number it copies.
    const verified = new Set(registry.filter((r) => r.status === 'verified').flatMap((r) => r.phones));
    for (const button of copies) {
      expect(verified.has(button.copy_text.text)).toBe(true);
      expect(button.text).toBe(t('pictures.copy-phone', { phone: button.copy_text.text }));
      expect(user.lastMessage()!.text.replace(/\D/g, '')).toContain(normalizePhone(button.copy_text.text).slice(-7));
    }
  });
});
