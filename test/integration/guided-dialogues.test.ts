import fs from 'node:fs';
import { LANGUAGES, type Language } from '../../src/services/languages';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testContent, testI18n } from '../helpers/harness';

const content = testContent();
const title = (lang: Language, id: string) => content.card(lang, id)!.title;
const label = (lang: Language, id: string, index: number) => content.card(lang, id)!.buttons![index]!.label;

describe('guided dialogues through the content cards', () => {
  const fixture = useBotFixture('dialogues');

  describe.each(LANGUAGES)('in %s', (lang) => {
    it('stopped by the police → taken to a station → detention rights → what to tell relatives, then back and menu', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 301, lang);

      const [stop] = await user.press(t('menu.police'));
      expect(stop!.text).toContain(title(lang, 'rights.police.stop'));
      expect(stop!.text).toContain(t('cards.disclaimer'));
      // The sheet gives the police facts no checked date, so none is shown: only the source, in the reader's language.
      expect(stop!.text).not.toContain(t('cards.checked-on', { date: '' }).split(' ')[0]!);
      expect(stop!.text).toContain(t('cards.source', { source: content.card(lang, 'rights.police.stop')!.source }));

      const [detained] = await user.press(label(lang, 'rights.police.stop', 0));
      expect(detained!.text).toContain(title(lang, 'rights.detained'));
      expect(detained!.text).toMatch(/27\.5/);

      const [relatives] = await user.press(label(lang, 'rights.detained', 1));
      expect(relatives!.text).toContain(title(lang, 'rights.detained.relatives'));

      const [back] = await user.press(t('common.button.back'));
      expect(back!.text).toContain(title(lang, 'rights.detained'));
      await user.press(t('common.button.back'));
      expect(user.lastMessage()!.text).toContain(title(lang, 'rights.police.stop'));
      // The first step has nowhere to go back to.
      expect(user.buttons().map((b) => b.text)).not.toContain(t('common.button.back'));

      await user.press(t('common.button.menu'));
      expect(user.lastMessage()!.text).toContain(t('menu.title').replace(/<\/?b>/g, ''));
    });

    it('a raid at work or at home, then documents to carry', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 302, lang);
      const [raid] = await user.press(t('menu.raid'));
      expect(raid!.text).toContain(title(lang, 'rights.raid'));
      const carryIndex = content.card(lang, 'rights.raid')!.buttons!.findIndex((b) => b.goto === 'documents.carry');
      const [carry] = await user.press(label(lang, 'rights.raid', carryIndex));
      expect(carry!.text).toContain(title(lang, 'documents.carry'));
    });

    it('check yourself: the register and the entry ban, with the official link', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 303, lang);
      const [register] = await user.press(t('menu.check'));
      expect(register!.text).toContain(title(lang, 'documents.register'));
      const banIndex = content.card(lang, 'documents.register')!.buttons!.findIndex((b) => b.goto === 'documents.entry-ban');
      const [ban] = await user.press(label(lang, 'documents.register', banIndex));
      expect(ban!.text).toContain('https://сервисы.гувм.мвд.рф/info-service.htm?sid=3000');
    });

    it('hotlines show verified numbers with their checked date, warn about unanswered lines, and hide unverified slots', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 304, lang);
      const [hotlines] = await user.press(t('menu.hotlines'));
      for (const contact of content.contacts(lang)) {
        for (const phone of contact.phones) expect(hotlines!.text).toContain(phone);
      }
      expect(hotlines!.text).toContain('112');
      expect(hotlines!.text).toContain(t('cards.often-unanswered'));
      const hidden = content.allContacts().filter((c) => c.status === 'unverified');
      expect(hidden.length).toBeGreaterThan(0);
      // Unverified slots' names would only appear if they were shown.
      const json = JSON.parse(fs.readFileSync(`content/v1/${lang}.json`, 'utf8')) as { contacts: Record<string, { name: string }> };
      for (const slot of hidden) expect(hotlines!.text).not.toContain(json.contacts[slot.id]!.name);
    });

    it('/sos shows the card in Russian for the officer, with the user language beside it', async () => {
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 305, lang);
      const [sos] = await user.send('/sos');
      const russian = content.card('ru', 'sos')!;
      expect(sos!.text.startsWith(russian.title)).toBe(true);
      expect(sos!.text).toContain('24.2');
      if (lang !== 'ru') {
        expect(sos!.text).toContain(content.card(lang, 'sos')!.title);
        expect(sos!.text.indexOf(content.card(lang, 'sos')!.title)).toBeGreaterThan(sos!.text.indexOf(russian.title));
      }
    });
  });

  it('the SOS entry of the menu opens the same card in one tap', async () => {
    const t = (await testI18n()).translatorFor('tg');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 306, 'tg');
    const [sos] = await user.press(t('menu.sos'));
    expect(sos!.text).toContain(content.card('ru', 'sos')!.title);
  });

  it('/cancel and /menu leave a dialogue at any step; its old buttons are then answered as out of date', async () => {
    const t = (await testI18n()).translatorFor('en');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 307, 'en');
    const [stop] = await user.press(t('menu.police'));
    const [menu] = await user.send('/cancel');
    expect(menu!.text).toContain('Main menu');

    const firstButton = stop!.keyboard!.inline_keyboard[0]![0]! as { callback_data: string };
    const stale = await user.pressData(firstButton.callback_data, stop);
    expect(stale.at(-1)!.text).toContain('This button is out of date.');

    await user.press(t('menu.raid'));
    const [viaMenu] = await user.send('/menu');
    expect(viaMenu!.text).toContain('Main menu');
  });

  it('text or a sticker in the middle of a dialogue gets a hint and the step again', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 308, 'ru');
    await user.press('Меня остановила полиция');
    const shown = await user.send('что делать???');
    expect(shown[0]!.text).toContain('выберите ответ кнопкой');
    expect(shown.at(-1)!.text).toContain(title('ru', 'rights.police.stop'));
    const onSticker = await user.sendSticker();
    expect(onSticker.at(-1)!.text).toContain(title('ru', 'rights.police.stop'));
  });

  it('changing the language in the middle re-renders the current step in the new language', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 309, 'ru');
    await user.press('Меня задержали');
    const [picker] = await user.send('/language');
    expect(picker!.text).toContain('Выберите язык');
    const [rerendered] = await user.press('Тоҷикӣ');
    expect(rerendered!.text).toContain(title('tg', 'rights.detained'));
    // The dialogue goes on in Tajik, and so does the rest of the bot.
    const [relatives] = await user.press(label('tg', 'rights.detained', 1));
    expect(relatives!.text).toContain(title('tg', 'rights.detained.relatives'));
    const [menu] = await user.send('/menu');
    expect(menu!.text).toContain('Менюи асосӣ');
  });

  it('a bot restart in the middle continues the dialogue from Redis', async () => {
    const first = await fixture.bot();
    const user = await userWithLanguage(first, 310, 'en');
    await user.press('The police stopped me');
    const [detained] = await user.press(label('en', 'rights.police.stop', 0));
    expect(detained!.text).toContain(title('en', 'rights.detained'));

    const second = await fixture.bot({ telegram: first.telegram });
    const sameUser = second.user(310, 'en');
    const [back] = await sameUser.press('Back');
    expect(back!.text).toContain(title('en', 'rights.police.stop'));
    // The walk is card ids beside the person's session, nothing else, and no dialogue state.
    expect(JSON.parse((await fixture.redis.get(`${fixture.prefix}walk:v1:310`))!)).toMatchObject({ trail: ['rights.police.stop'] });
    expect(JSON.parse((await fixture.redis.get(`${fixture.prefix}sess:v1:310`))!)).not.toHaveProperty('cards');
    expect(await fixture.redis.keys(`${fixture.prefix}conv:v1:*`)).toEqual([]);
  });

  it('a walk left in the middle is deleted with the dialogue timeout, not kept as long as the language', async () => {
    const bot = await fixture.bot({ config: { conversationTtlSeconds: 600, sessionTtlSeconds: 30 * 24 * 3600 } });
    const user = await userWithLanguage(bot, 313, 'en');
    await user.press('The police stopped me');
    await user.press(label('en', 'rights.police.stop', 0));
    const walkTtl = await fixture.redis.ttl(`${fixture.prefix}walk:v1:313`);
    expect(walkTtl).toBeGreaterThan(500);
    expect(walkTtl).toBeLessThanOrEqual(600);
    expect(await fixture.redis.ttl(`${fixture.prefix}sess:v1:313`)).toBeGreaterThan(600);
    // Leaving the walk deletes it at once; the language stays.
    await user.send('/menu');
    expect(await fixture.redis.exists(`${fixture.prefix}walk:v1:313`)).toBe(0);
    expect(JSON.parse((await fixture.redis.get(`${fixture.prefix}sess:v1:313`))!)).toMatchObject({ language: 'en' });
    // /forget takes a walk too.
    await user.send('/sos');
    expect(await fixture.redis.exists(`${fixture.prefix}walk:v1:313`)).toBe(1);
    await user.send('/forget');
    await user.press(/Yes, delete/);
    expect(await fixture.redis.exists(`${fixture.prefix}walk:v1:313`)).toBe(0);
  });

  it('an abandoned dialogue expires after the configured time', async () => {
    const bot = await fixture.bot({ config: { conversationTtlSeconds: 600 } });
    const user = await userWithLanguage(bot, 311, 'en');
    await user.press('The police stopped me');
    const realNow = Date.now;
    const later = realNow() + 601_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      const shown = await user.press(label('en', 'rights.police.stop', 0));
      expect(shown.at(-1)!.text).toContain('This button is out of date.');
      expect(shown.at(-1)!.text).toContain('Main menu');
    } finally {
      spy.mockRestore();
    }
  });

  it('every Bot API call made inside a dialogue is recorded once, even though dialogues are replayed', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 312, 'en');
    const before = bot.telegram.calls.length;
    await user.press('The police stopped me');
    await user.press(label('en', 'rights.police.stop', 0));
    await user.press(label('en', 'rights.detained', 1));
    await user.press('Back');
    const made = bot.telegram.calls.slice(before).map((c) => c.method);
    // Entering: answer + edit; each of the 3 steps inside the dialogue: answer + edit.
    expect(made).toEqual(Array(4).fill(['answerCallbackQuery', 'editMessageText']).flat());
  });
});
