import type { Update } from 'grammy/types';
import { loadShippedFaq } from '../../src/services/faq/shipped-faq';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testI18n } from '../helpers/harness';

const shipped = new Map(loadShippedFaq(new Set(['112', '102'])).map((e) => [e.id, e.data]));
const question = (id: string, lang: 'ru' | 'tg' | 'en') => shipped.get(id)!.texts[lang]!.question;

describe('a photo or file with a caption', () => {
  const fixture = useBotFixture('captions');

  it('given a photo captioned with a question, when sent, then the caption is answered like typed text, with a note that the photo was not read', async () => {
    const t = (await testI18n()).translatorFor('tg');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 601, 'tg');

    const [answer] = await user.sendPhoto('патент қарз');
    expect(answer!.text).toContain('Ман аксҳо ва файлҳоро намехонам, танҳо матнеро, ки бо онҳо навиштед.');
    expect(answer!.text).toContain(t('faq.search.results'));
    expect(answer!.text).not.toContain(t('fallback.unsupported-message'));
    expect(user.buttons()[0]!.text).toBe(question('work-patent-payment', 'tg'));
  });

  it('given a captioned photo that matches no question, when sent, then the person gets the hotlines pointer with the note', async () => {
    const t = (await testI18n()).translatorFor('ru');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 602, 'ru');

    const [answer] = await user.sendPhoto('абвгд ёжз');
    expect(answer!.text).toContain('Фото и файлы я не читаю — только текст, который вы к ним написали.');
    expect(answer!.text).toContain(t('faq.search.none'));
    expect(user.buttons()[0]!.text).toBe(t('menu.hotlines'));
  });

  it('given a photo without a caption, when sent, then the person still hears that photos are not read', async () => {
    const t = (await testI18n()).translatorFor('en');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 603, 'en');
    const [answer] = await user.sendPhoto();
    expect(answer!.text).toContain(t('fallback.unsupported-message'));
    expect(answer!.text).not.toContain(t('fallback.caption-read'));
  });
});

describe('a button pressed on an inline-mode message', () => {
  const fixture = useBotFixture('inline-buttons');

  it.each([
    ['a language button', { data: 'lang:ru' }],
    ['forged data', { data: 'nonsense' }],
    ['a game button', { game_short_name: 'quiz' }],
  ])('given %s, when pressed, then the spinner is stopped quietly and nothing is logged as an error', async (_label, payload) => {
    const bot = await fixture.bot();
    const update = {
      update_id: 990_001,
      callback_query: {
        id: 'inline-press-1',
        from: { id: 604, is_bot: false, first_name: 'Zarina', language_code: 'ru' },
        inline_message_id: 'BAAAAAAAAAAAAAAA',
        chat_instance: '-123456789',
        ...payload,
      },
    } as unknown as Update;

    await bot.bot.handleUpdate(update);

    const answers = bot.telegram.callsOf('answerCallbackQuery');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.payload).toEqual({ callback_query_id: 'inline-press-1' });
    expect(bot.telegram.calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
    const problems = bot.logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 40);
    expect(problems).toEqual([]);
  });
});
