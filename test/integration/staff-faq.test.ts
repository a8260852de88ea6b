import { featureCallback } from '../../src/bot/keyboards/callback-data';
import { loadShippedFaq } from '../../src/services/faq/shipped-faq';
import { createStaffDataEraser } from '../../src/services/staff/staff-data-eraser';
import { redisKeys } from '../../src/storage/redis-keys';
import { VersionedStore } from '../../src/storage/versioned-store';
import type { FaqEntry } from '../../src/services/faq/faq-schema';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import type { Translate } from '../../src/bot/i18n';
import type { ChatDriver } from '../../src/simulator/chat-driver';
import { ADMIN, STAFF, OTHER_STAFF, staffBot, translator, eventually, labels } from '../helpers/staff-fixture';


const shipped = new Map(loadShippedFaq(new Set(['112', '102'])).map((e) => [e.id, e.data]));
const NASTY = 'Звоните <112> & не подписывайте *ничего* _лишнего_ 😀 a<b>c';

/** Walks the "new question" dialogue as staff, answering every step. */
async function addEntry(user: ChatDriver, t: Translate, answers: { category: string; ru?: [string, string]; tg?: [string, string]; en?: [string, string]; source: string }) {
  await user.send('/staff');
  await user.press(t('staff.button.faq-new'));
  await user.press(t(`faq.category.${answers.category}`));
  for (const lang of ['ru', 'tg', 'en'] as const) {
    const pair = answers[lang];
    if (!pair) {
      await user.press(t('staff.button.skip'));
      continue;
    }
    await user.send(pair[0]);
    await user.send(pair[1]);
    // Each language's readers get their own source line.
    await user.send(answers.source);
  }
  return user.press(t('staff.button.save'));
}

/** The id of the entry shown on the newest staff screen. */
function shownEntryId(user: ChatDriver): string {
  const data = user.buttons().find((b) => b.data?.startsWith('f:staff:h:faq:'))?.data;
  if (!data) throw new Error('no entry screen');
  return data.split(':')[4]!;
}

describe('staff edit the FAQ from Telegram', () => {
  const fixture = useBotFixture('staff-faq');

  it('given staff, when they add a question only in Russian, then users in Tajik see a "not translated" note with the Russian text, and markup characters and emoji arrive unchanged', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const [saved] = await addEntry(staff, en, { category: 'work', ru: [`Вопрос ${NASTY}`, `Ответ ${NASTY}`], source: 'Закон <N> & статья *5*' });
    expect(saved!.text).toContain(en('staff.saved.created'));
    expect(saved!.text).toContain(`Вопрос ${NASTY}`);

    const tg = await translator('tg');
    const user = await userWithLanguage(bot, 601, 'tg');
    await user.pressData(featureCallback('faq', 'open'));
    await user.press(tg('faq.category.work'));
    const [answer] = await user.press(`Вопрос ${NASTY}`);
    expect(answer!.text).toContain(`Ответ ${NASTY}`);
    expect(answer!.text).toContain(tg('faq.not-translated', { language: tg('faq.language-name.ru') }));
    expect(answer!.text).toContain('Манбаъ: Закон <N> & статья *5*');
    // The date staff saved it on is the "updated" date users see.
    expect(answer!.text).toContain(tg('faq.updated-on', { date: tg('dates.long', { day: 25, month: tg('dates.month.11'), year: 2026 }) }));

    const [found] = await user.send('ничего лишнего');
    expect(found!.text).toContain(tg('faq.search.results'));
    expect(labels(user)).toContain(`Вопрос ${NASTY}`);
  });

  it('given an entry without Tajik, when staff add the Tajik text, then Tajik users see it and the search finds it without Tajik letters', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await addEntry(staff, en, { category: 'stay', ru: ['Где встать на учёт?', 'В отделе МВД.'], source: '115-ФЗ' });
    const id = shownEntryId(staff);
    await staff.press('✏️ 🇹🇯');
    expect(staff.lastMessage()!.text).toContain(en('staff.form.question', { language: `🇹🇯 ${en('faq.language-name.tg')}`, max: 100 }).replace(/<\/?b>/g, ''));
    await staff.send('Дар куҷо қайди муҳоҷиратӣ мегузаранд?');
    await staff.send('Дар шӯъбаи ВКД.');
    // The entry has only a Russian source: the Tajik one is asked for, with nothing to keep.
    expect(staff.lastMessage()!.text).toContain(en('staff.form.source-in', { language: `🇹🇯 ${en('faq.language-name.tg')}` }).replace(/<\/?b>/g, ''));
    expect(staff.buttons().map((b) => b.text)).not.toContain(en('staff.button.keep'));
    const [preview] = await staff.send('Қонуни ФР 115-ФЗ');
    expect(preview!.text).toContain('Дар шӯъбаи ВКД.');
    const [saved] = await staff.press(en('staff.button.save'));
    expect(saved!.text).toContain(en('staff.saved.updated'));

    const tg = await translator('tg');
    const user = await userWithLanguage(bot, 602, 'tg');
    await user.send('куча кайди мухочирати');
    expect(labels(user)[0]).toBe('Дар куҷо қайди муҳоҷиратӣ мегузаранд?');
    const [answer] = await user.pressData(featureCallback('faq', 'q', id));
    expect(answer!.text).toContain('Дар шӯъбаи ВКД.');
    expect(answer!.text).not.toContain(tg('faq.not-translated', { language: tg('faq.language-name.ru') }));
    expect(answer!.text).toContain('Манбаъ: Қонуни ФР 115-ФЗ');
    // Russian readers keep the Russian source.
    const ruUser = await userWithLanguage(bot, 604, 'ru');
    const [ruAnswer] = await ruUser.pressData(featureCallback('faq', 'q', id));
    expect(ruAnswer!.text).toContain('Источник: 115-ФЗ');
  }, 20000);

  it('given a shipped entry, when staff hide it, show it, delete it and undo the delete, then users see exactly that', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const user = await userWithLanguage(bot, 603, 'en');
    const question = shipped.get('checks-entry-ban')!.texts.en!.question;
    const searchFinds = async () => {
      await user.send('entry ban');
      return labels(user).includes(question);
    };
    expect(await searchFinds()).toBe(true);

    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'checks-entry-ban'));
    const [hidden] = await staff.press(en('staff.button.hide'));
    expect(hidden!.text).toContain(en('staff.entry.hidden'));
    expect(await searchFinds()).toBe(false);
    const [gone] = await user.pressData(featureCallback('faq', 'q', 'checks-entry-ban'));
    expect(gone!.text).toContain(en('faq.gone'));

    await staff.press(en('staff.button.show'));
    expect(await searchFinds()).toBe(true);

    const [deleted] = await staff.press(en('staff.button.delete'));
    expect(deleted!.text).toContain(en('staff.saved.deleted'));
    expect(await searchFinds()).toBe(false);
    await staff.press(en('staff.button.undo-delete'));
    expect(await searchFinds()).toBe(true);
  });

  it('given two entries in a topic, when staff move the second up, then users see it first', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const user = await userWithLanguage(bot, 604, 'en');
    await user.pressData(featureCallback('faq', 'c', 'police', 0));
    const police = ['police-stop', 'police-detention'].map((id) => shipped.get(id)!.texts.en!.question);
    expect(labels(user).slice(0, 2)).toEqual(police);

    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'police-detention'));
    const [moved] = await staff.press('⬆️');
    expect(moved!.text).toContain(en('staff.saved.moved'));
    await user.pressData(featureCallback('faq', 'c', 'police', 0));
    expect(labels(user).slice(0, 2)).toEqual([police[1], police[0]]);
  });

  it('given an entry, when staff preview it in each language, then the preview is exactly what a user in that language gets', async () => {
    const bot = await staffBot(fixture);
    const staff = await userWithLanguage(bot, STAFF, 'ru');
    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'work-patent-payment'));
    for (const lang of ['ru', 'tg', 'en'] as const) {
      const [preview] = await staff.press(`👀 ${{ ru: '🇷🇺', tg: '🇹🇯', en: '🇬🇧' }[lang]}`);
      const user = await userWithLanguage(bot, 610 + ['ru', 'tg', 'en'].indexOf(lang), lang);
      const [asUser] = await user.pressData(featureCallback('faq', 'q', 'work-patent-payment'));
      expect(preview!.rawText).toBe(asUser!.rawText);
    }
  });

  it('given three versions of an entry, when staff open its history and roll back to the first, then users see the first text again as a new version', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const original = shipped.get('safety-calls')!.texts.en!.answer;
    for (const text of ['Second answer.', 'Third answer.']) {
      await staff.send('/staff');
      await staff.pressData(featureCallback('staff', 'e', 'safety-calls'));
      await staff.press('✏️ 🇬🇧');
      await staff.press(en('staff.button.keep'));
      await staff.send(text);
      await staff.press(en('staff.button.keep'));
      await staff.press(en('staff.button.save'));
    }
    const [history] = await staff.press(en('staff.button.history'));
    expect(history!.text).toContain(en('staff.history.title', { id: 'safety-calls' }));
    // Both edits were made today: the second changed the answer only.
    expect(history!.text).toMatch(/v3 ·[^\n]*· you\nedited: texts\.en\.answer\n/);
    expect(history!.text).toMatch(/v2 ·[^\n]*· you\nedited: texts\.en\.answer, verifiedAt\n/);
    expect(history!.text).toContain(`v1 ·`);
    expect(history!.text).toContain(en('staff.who.system'));

    const [version1] = await staff.press(en('staff.button.view-version', { version: 1 }));
    expect(version1!.text).toContain(original.slice(0, 60));
    const [rolled] = await staff.press(en('staff.button.rollback', { version: 1 }));
    expect(rolled!.text).toContain(en('staff.saved.rolled-back'));
    expect(rolled!.text).toContain('v4 ·');

    const user = await userWithLanguage(bot, 620, 'en');
    const [answer] = await user.pressData(featureCallback('faq', 'q', 'safety-calls'));
    expect(answer!.text).toContain(original.split('\n')[0]!);
    const store = new VersionedStore<FaqEntry>(fixture.redis, redisKeys(fixture.prefix).faq);
    expect((await store.history('safety-calls')).map((r) => [r.version, r.action, r.rollbackOf])).toEqual([
      [1, 'seed', undefined], [2, 'update', undefined], [3, 'update', undefined], [4, 'rollback', 1],
    ]);
  });

  it('given two staff editing the same entry, when both save, then the second is refused with the newer text and nothing is overwritten', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const first = await userWithLanguage(bot, STAFF, 'en');
    const second = await userWithLanguage(bot, OTHER_STAFF, 'en');
    for (const staff of [first, second]) {
      await staff.send('/staff');
      await staff.pressData(featureCallback('staff', 'e', 'police-stop'));
      await staff.press('✏️ 🇬🇧');
      await staff.press(en('staff.button.keep'));
    }
    await first.send('Answer by the first editor.');
    await first.press(en('staff.button.keep'));
    await first.press(en('staff.button.save'));

    await second.send('Answer by the second editor.');
    await second.press(en('staff.button.keep'));
    const [refused] = await second.press(en('staff.button.save'));
    expect(refused!.text).toContain(en('staff.conflict.title'));
    expect(refused!.text).toContain('Answer by the first editor.');
    expect(refused!.text).toContain(en('staff.conflict.yours'));
    expect(refused!.text).toContain('Answer by the second editor.');
    expect(refused!.text).toContain(`v2 · `);

    const user = await userWithLanguage(bot, 630, 'en');
    const [answer] = await user.pressData(featureCallback('faq', 'q', 'police-stop'));
    expect(answer!.text).toContain('Answer by the first editor.');
    // An old button (drawn at version 1) cannot hide the entry behind the newer edit either.
    const [stale] = await second.pressData(featureCallback('staff', 'hide', 'police-stop', 1));
    expect(stale!.text).toContain(en('staff.conflict.title'));
  });

  it('given limits, when staff type a question too long for a button or an answer too long for a message, then they are told and asked again', async () => {
    const bot = await staffBot(fixture);
    const ru = await translator('ru');
    const staff = await userWithLanguage(bot, STAFF, 'ru');
    await staff.send('/staff');
    await staff.press(ru('staff.button.faq-new'));
    await staff.press(ru('faq.category.work'));
    const [tooLong] = await staff.send('В'.repeat(101));
    expect(tooLong!.text).toContain(ru('staff.problem.button-too-long', { max: 100, length: 101 }));
    await staff.send('Короткий вопрос?');
    const [tooLongAnswer] = await staff.send('О'.repeat(3001));
    expect(tooLongAnswer!.text).toContain(ru('staff.problem.message-too-long', { max: 3000, length: 3001 }));
    const [unknownPhone] = await staff.send('Звоните +7 (999) 123-45-67.');
    expect(unknownPhone!.text).toContain(ru('staff.problem.unregistered-phone', { phone: '+7 (999) 123-45-67' }));
    await staff.send('Звоните 112.');
    await staff.send('НК РФ, ст. 227.1');
    const [tajik] = await staff.press(ru('staff.button.skip'));
    expect(tajik!.text).toContain('🇬🇧');
  });

  it('given an edit in progress, when staff go back a step, cancel, or remove one translation, then exactly that happens', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'police-stop'));
    await staff.press('✏️ 🇹🇯');
    await staff.send('Саволи нав?');
    const [back] = await staff.press(en('staff.button.back'));
    expect(back!.text).toContain('Саволи нав?'); // the typed question is kept in the draft
    const [cancelled] = await staff.press(en('staff.button.cancel'));
    expect(cancelled!.text).toBe(en('staff.form.cancelled'));

    await staff.pressData(featureCallback('staff', 'e', 'police-stop'));
    await staff.press('✏️ 🇹🇯');
    await staff.press(en('staff.button.clear'));
    const [preview] = await staff.press(en('staff.button.keep'));
    expect(preview!.text).toContain(en('staff.form.language-removed', { language: `🇹🇯 ${en('faq.language-name.tg')}` }));
    await staff.press(en('staff.button.save'));

    const tg = await translator('tg');
    const user = await userWithLanguage(bot, 645, 'tg');
    const [answer] = await user.pressData(featureCallback('faq', 'q', 'police-stop'));
    expect(answer!.text).toContain(tg('faq.not-translated', { language: tg('faq.language-name.ru') }));
    expect(answer!.text).toContain(shipped.get('police-stop')!.texts.ru!.question);
  });

  it('given people who are not staff, when they send /staff, press forged staff buttons, or lose the role, then they are refused in their language', async () => {
    const bot = await staffBot(fixture);
    const tg = await translator('tg');
    const stranger = await userWithLanguage(bot, 640, 'tg');
    const [menu] = await stranger.send('/staff');
    expect(menu!.text).toBe(tg('staff.refused'));
    for (const forged of [
      featureCallback('staff', 'del', 'police-stop', 1),
      featureCallback('staff', 'rb', 'faq', 'police-stop', 1, 2),
      featureCallback('staff', 'exp'),
    ]) {
      const shown = await stranger.pressData(forged);
      expect(shown.at(-1)!.text).toBe(tg('staff.refused'));
    }
    expect(bot.telegram.callsOf('answerCallbackQuery').at(-1)!.payload.text).toBe(tg('staff.refused'));
    const [notAdmin] = await stranger.send('/staff_add 640');
    expect(notAdmin!.text).toBe(tg('staff.admin-only'));

    // An admin adds them; they can edit; the admin removes them; their old buttons stop working.
    const en = await translator('en');
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    const [added] = await admin.send('/staff_add 640');
    expect(added!.text).toBe(en('staff.admin.added', { id: 640 }));
    const [staffMenu] = await stranger.send('/staff');
    expect(staffMenu!.text).toContain(tg('staff.menu.title').split('\n')[1]!);
    await stranger.pressData(featureCallback('staff', 'e', 'police-stop'));
    const entryButtons = stranger.buttons();
    await admin.send('/staff_remove 640');
    const deleteButton = entryButtons.find((b) => b.data?.startsWith('f:staff:del:'))!;
    const [refused] = (await stranger.pressData(deleteButton.data!)).slice(-1);
    expect(refused!.text).toBe(tg('staff.refused'));
    const [configured] = await admin.send(`/staff_remove ${STAFF}`);
    expect(configured!.text).toBe(en('staff.admin.configured', { id: STAFF }));

    // Nothing was deleted by the forged or replayed buttons.
    const user = await userWithLanguage(bot, 641, 'en');
    const [answer] = await user.pressData(featureCallback('faq', 'q', 'police-stop'));
    expect(answer!.text).toContain(shipped.get('police-stop')!.texts.en!.question);
  });

  it('given a staff member in a dialogue who loses the role, when they answer the next step, then the answer is refused and nothing is saved', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    await admin.send('/staff_add 650');
    const staff = await userWithLanguage(bot, 650, 'en');
    await staff.send('/staff');
    await staff.press(en('staff.button.faq-new'));
    await staff.press(en('faq.category.work'));
    await admin.send('/staff_remove 650');
    const [refused] = await staff.send('A question typed after removal?');
    expect(refused!.text).toBe(en('staff.refused'));
  });

  it('given staff edits, when the bot restarts (a second instance on the same Redis), then the edits stay and shipped entries are not duplicated or restored', async () => {
    const first = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(first, STAFF, 'en');
    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'stay-amina'));
    await staff.press(en('staff.button.delete'));
    await staff.pressData(featureCallback('staff', 'e', 'police-stop'));
    await staff.press('✏️ 🇬🇧');
    await staff.press(en('staff.button.keep'));
    await staff.send('Edited before the restart.');
    await staff.press(en('staff.button.keep'));
    await staff.press(en('staff.button.save'));

    const second = await staffBot(fixture);
    const user = await userWithLanguage(second, 660, 'en');
    const [answer] = await user.pressData(featureCallback('faq', 'q', 'police-stop'));
    expect(answer!.text).toContain('Edited before the restart.');
    const [gone] = await user.pressData(featureCallback('faq', 'q', 'stay-amina'));
    expect(gone!.text).toContain(en('faq.gone'));
    const store = new VersionedStore<FaqEntry>(fixture.redis, redisKeys(fixture.prefix).faq);
    expect((await store.list()).length).toBe(shipped.size);
  });

  it('given an entry stored in the first shape (one source string), when the bot starts, then it loads; staff add the Tajik source and saving stores sources per language', async () => {
    const store = new VersionedStore<FaqEntry>(fixture.redis, redisKeys(fixture.prefix).faq);
    const firstShape = {
      category: 'work',
      position: 50,
      hidden: false,
      texts: { ru: { question: 'Старый вопрос о патенте?', answer: 'Старый ответ.' }, tg: { question: 'Саволи кӯҳна дар бораи патент?', answer: 'Ҷавоби кӯҳна.' } },
      source: 'НК РФ, ст. 227.1',
      verifiedAt: '2026-11-20',
    } satisfies FaqEntry;
    await store.create('old-shape', firstShape, STAFF);
    const bot = await staffBot(fixture);
    const tg = await translator('tg');
    const reader = await userWithLanguage(bot, 680, 'tg');
    const [before] = await reader.pressData(featureCallback('faq', 'q', 'old-shape'));
    expect(before!.text).toContain('Ҷавоби кӯҳна.');
    expect(before!.text).toContain(tg('cards.source', { source: 'НК РФ, ст. 227.1' }));

    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'old-shape'));
    await staff.press('✏️ 🇹🇯');
    await staff.press(en('staff.button.keep'));
    await staff.press(en('staff.button.keep'));
    await staff.send('Кодекси андози ФР (НК РФ), моддаи 227.1');
    await staff.press(en('staff.button.save'));
    expect((await store.get('old-shape'))!.data.source).toEqual({ ru: 'НК РФ, ст. 227.1', tg: 'Кодекси андози ФР (НК РФ), моддаи 227.1' });
    const [after] = await reader.pressData(featureCallback('faq', 'q', 'old-shape'));
    expect(after!.text).toContain(tg('cards.source', { source: 'Кодекси андози ФР (НК РФ), моддаи 227.1' }));
  });

  it('given two running instances, when staff edit on one, then users of the other get the edit at once', async () => {
    const a = await staffBot(fixture);
    const b = await staffBot(fixture);
    const en = await translator('en');
    const reader = await userWithLanguage(b, 670, 'en');
    await reader.send('fingerprints'); // warms up instance b's FAQ before the edit
    const staff = await userWithLanguage(a, STAFF, 'en');
    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'work-fingerprints'));
    await staff.press('✏️ 🇬🇧');
    await staff.send('When are fingerprints taken now?');
    await staff.press(en('staff.button.keep'));
    await staff.press(en('staff.button.keep'));
    await staff.press(en('staff.button.save'));
    await eventually(async () => {
      await reader.send('fingerprints');
      return labels(reader).includes('When are fingerprints taken now?');
    });
  });

  it('given a staff member who edited content, when they use /forget, then their id is gone from the history but the edits stay', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    await staff.pressData(featureCallback('staff', 'e', 'police-stop'));
    await staff.press(en('staff.button.hide'));
    await createStaffDataEraser({ redisKeyPrefix: fixture.prefix, adminIds: new Set(), staffIds: new Set() }, fixture.redis).eraseUser(STAFF);
    const store = new VersionedStore<FaqEntry>(fixture.redis, redisKeys(fixture.prefix).faq);
    const history = await store.history('police-stop');
    expect(history.map((r) => r.by)).toEqual(['system', null]);
    expect(history[1]!.data.hidden).toBe(true);
    expect(JSON.stringify(await store.audit(50))).not.toContain(String(STAFF));
  });
});
