import { encodeCallback, featureCallback } from '../../src/bot/keyboards/callback-data';
import type { ContentExport } from '../../src/services/staff/content-transfer';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import type { Translate } from '../../src/bot/i18n';
import type { ChatDriver } from '../../src/simulator/chat-driver';
import { STAFF, OTHER_STAFF, staffBot, translator, eventually, labels } from '../helpers/staff-fixture';


const HOTLINES = encodeCallback({ kind: 'open-card', cardId: 'contacts.hotlines' });

/** Opens a contact's edit dialogue as staff. */
async function editContact(staff: ChatDriver, t: Translate, id: string) {
  await staff.send('/staff');
  await staff.press(t('staff.button.contacts'));
  await staff.pressData(featureCallback('staff', 'k', id));
  return staff.press(t('staff.button.edit-contact'));
}

describe('staff edit the cards and contacts of the guided dialogues', () => {
  const fixture = useBotFixture('staff-content');

  it('given a wrong hotline number, when staff fix it with names in all three languages, then users of every instance get the new number at once', async () => {
    const bot = await staffBot(fixture, { live: true });
    const other = await staffBot(fixture, { live: true });
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await editContact(staff, en, 'tj-ministry-volga');
    await staff.send('+7 (926) 311-52-54');
    await staff.press(en('staff.button.skip')); // no address
    await staff.send('Представитель Минтруда Таджикистана, Поволжье и Урал');
    await staff.send('Намояндаи Вазорати меҳнати Тоҷикистон, Волга ва Урал');
    await staff.send("Tajikistan's Ministry of Labour representative, Volga and Urals");
    for (let note = 0; note < 3; note++) await staff.press(en('staff.button.skip'));
    await staff.send('Asia-Plus, 01.12.2026 (asiaplustj.info)');
    const [saved] = await staff.press(en('staff.button.save'));
    expect(saved!.text).toContain(en('staff.saved.contact'));

    for (const [instance, lang, name] of [
      [bot, 'tg', 'Намояндаи Вазорати меҳнати Тоҷикистон, Волга ва Урал'],
      [other, 'ru', 'Представитель Минтруда Таджикистана, Поволжье и Урал'],
      [other, 'en', "Tajikistan's Ministry of Labour representative, Volga and Urals"],
    ] as const) {
      const user = await userWithLanguage(instance, 700 + ['tg', 'ru', 'en'].indexOf(lang), lang);
      await eventually(async () => {
        const [hotlines] = await user.pressData(HOTLINES);
        return Boolean(hotlines?.text.includes('+7 (926) 311-52-54') && hotlines.text.includes(name) && !hotlines.text.includes('311-52-53'));
      });
    }
  });

  it('given a phone staff type, when it is not a phone number, or a number still written in a card would leave the registry, then it is refused', async () => {
    const bot = await staffBot(fixture, { live: true });
    const ru = await translator('ru');
    const staff = await userWithLanguage(bot, STAFF, 'ru');
    await editContact(staff, ru, 'emergency');
    const [bad] = await staff.send('позвоните Ахмаду');
    expect(bad!.text).toContain(ru('staff.problem.bad-phone', { phone: 'позвоните Ахмаду' }));
    await staff.send('+7 (900) 100-20-30');
    await staff.press(ru('staff.button.skip')); // no address
    for (let step = 0; step < 7; step++) await staff.press(ru('staff.button.keep')); // names, notes, source
    const [refused] = await staff.press(ru('staff.button.save'));
    expect(refused!.text).toContain(ru('staff.problem.phone-still-in-card', { phone: '112' }));

    const user = await userWithLanguage(bot, 710, 'ru');
    const [hotlines] = await user.pressData(HOTLINES);
    expect(hotlines!.text).not.toContain('100-20-30');
  });

  it('given a card, when staff edit its Tajik text and keep the source, then Tajik users see the new text checked today, and a rollback brings the old one back', async () => {
    const bot = await staffBot(fixture, { live: true });
    const en = await translator('en');
    const tg = await translator('tg');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    // A card the sheet has not dated: staff see that users get no date, and what to check; users never see the note.
    await staff.send('/staff');
    await staff.press(en('staff.button.cards'));
    const [undated] = await staff.pressData(featureCallback('staff', 'c', 'documents.entry-ban'));
    expect(undated!.text).toContain(en('staff.content.unchecked'));
    expect(undated!.text).toContain('114-FZ art. 27');
    const reader = await userWithLanguage(bot, 731, 'en');
    const [shown] = await reader.pressData(encodeCallback({ kind: 'open-card', cardId: 'documents.entry-ban' }));
    expect(shown!.text).not.toContain('114-FZ art. 27; only then');
    const before = bot.content!.card('tg', 'documents.amina')!;
    await staff.send('/staff');
    await staff.press(en('staff.button.cards'));
    await staff.pressData(featureCallback('staff', 'c', 'documents.amina'));
    await staff.press('✏️ 🇹🇯');
    await staff.press(en('staff.button.keep'));
    await staff.send('Матни нав дар бораи «Амина». Ҳар рӯз замимаро кушоед.');
    const [markup] = await staff.send('<b>Қадам</b>');
    expect(markup!.text).toContain(en('staff.problem.markup'));
    await staff.send('1. «Амина»-ро насб кунед.\n2. Ҳар рӯз кушоед.');
    await staff.press(en('staff.button.keep'));
    const [saved] = await staff.press(en('staff.button.save'));
    expect(saved!.text).toContain(en('staff.saved.updated'));

    const user = await userWithLanguage(bot, 720, 'tg');
    const [card] = await user.pressData(encodeCallback({ kind: 'open-card', cardId: 'documents.amina' }));
    expect(card!.text).toContain('Матни нав дар бораи «Амина».');
    expect(card!.text).toContain('1. «Амина»-ро насб кунед.\n2. Ҳар рӯз кушоед.');
    expect(card!.text).toContain(tg('cards.checked-on', { date: tg('dates.long', { day: 25, month: tg('dates.month.11'), year: 2026 }) }));
    expect(card!.text).toContain(before.source);

    await staff.pressData(featureCallback('staff', 'h', 'card', 'documents.amina', 0));
    await staff.press(en('staff.button.view-version', { version: 1 }));
    await staff.press(en('staff.button.rollback', { version: 1 }));
    const [again] = await user.pressData(encodeCallback({ kind: 'open-card', cardId: 'documents.amina' }));
    expect(again!.text).toContain(before.body.split('\n')[0]!);
  });

  it('given an unverified contact slot, when staff fill it in and show it, then it appears on the hotlines card', async () => {
    const bot = await staffBot(fixture, { live: true });
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    await staff.press(en('staff.button.contacts'));
    const [slot] = await staff.pressData(featureCallback('staff', 'k', 'ngo-hotline'));
    expect(slot!.text).toContain(en('staff.contacts.unverified'));
    await staff.press(en('staff.button.edit-contact'));
    await staff.send('+7 (800) 555-01-02');
    await staff.press(en('staff.button.skip')); // no address
    for (let step = 0; step < 3; step++) await staff.press(en('staff.button.keep')); // names
    for (let step = 0; step < 3; step++) await staff.press(en('staff.button.skip')); // no notes
    await staff.send('NGO site, checked by phone on 25.11.2026');
    await staff.press(en('staff.button.save'));
    const [shown] = await staff.press(en('staff.button.verify'));
    expect(shown!.text).toContain(en('staff.saved.verified'));

    const user = await userWithLanguage(bot, 730, 'en');
    const [hotlines] = await user.pressData(HOTLINES);
    expect(hotlines!.text).toContain('+7 (800) 555-01-02');
    expect(hotlines!.text).toContain('NGO hotline for migrants');
  });
});

describe('export and import of all content', () => {
  const fixture = useBotFixture('staff-transfer');

  async function exportFile(staff: ChatDriver, t: Translate): Promise<{ name: string; json: ContentExport }> {
    await staff.send('/staff');
    const [doc] = await staff.press(t('staff.button.export'));
    expect(doc!.document).toBeDefined();
    return { name: doc!.document!.fileName, json: JSON.parse(doc!.document!.content) as ContentExport };
  }

  it('given an export, when it is imported back unchanged, then nothing would change; when edited, then the summary lists the changes and confirming applies them', async () => {
    const bot = await staffBot(fixture, { live: true });
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const { name, json } = await exportFile(staff, en);
    expect(name).toBe('migrant-help-content-2026-11-25.json');
    expect(json.faq.length).toBe(12);
    expect(json.cards?.length).toBe(12);
    expect(json.contacts?.length).toBe(9);

    const [same] = await staff.sendDocument(name, JSON.stringify(json));
    expect(same!.text).toBe(en('staff.import.nothing', { unchanged: 33 }));

    const edited = structuredClone(json);
    const stop = edited.faq.find((e) => e.id === 'police-stop')!;
    stop.data.texts.en!.answer = 'Imported answer with <tags> & *stars* _under_ 🙂';
    edited.faq.find((e) => e.id === 'stay-amina')!.deleted = true;
    edited.faq.push({ id: 'imported-one', data: { ...stop.data, position: 99, texts: { ru: { question: 'Импортированный вопрос?', answer: 'Импортированный ответ.' } } } });
    edited.contacts!.find((c) => c.id === 'tj-ministry-volga')!.data.record.phones = ['+7 (926) 311-52-55'];
    const [summary] = await staff.sendDocument('edited.json', JSON.stringify(edited));
    expect(summary!.text).toContain(en('staff.import.summary-title'));
    expect(summary!.text).toContain(en('staff.import.summary-line', { kind: en('staff.kind.faq'), created: 1, updated: 1, deleted: 1, restored: 0 }));
    expect(summary!.text).toContain(en('staff.import.summary-line', { kind: en('staff.kind.contact'), created: 0, updated: 1, deleted: 0, restored: 0 }));

    // Nothing is applied before confirming.
    const user = await userWithLanguage(bot, 740, 'en');
    const [before] = await user.pressData(featureCallback('faq', 'q', 'police-stop'));
    expect(before!.text).not.toContain('Imported answer');

    const [applied] = await staff.press(en('staff.button.apply-import'));
    expect(applied!.text).toContain(en('staff.import.applied', { n: 4 }));
    const [after] = await user.pressData(featureCallback('faq', 'q', 'police-stop'));
    expect(after!.text).toContain('Imported answer with <tags> & *stars* _under_ 🙂');
    const [hotlines] = await user.pressData(HOTLINES);
    expect(hotlines!.text).toContain('+7 (926) 311-52-55');
    await user.send('/menu'); // leave the hotlines card's dialogue: text there is a dialogue answer, not a search
    await user.send('Импортированный вопрос');
    expect(labels(user)).toContain('Импортированный вопрос?');

    // Round trip: a fresh export carries the imported content.
    const again = await exportFile(staff, en);
    expect(again.json.faq.find((e) => e.id === 'police-stop')!.data.texts.en!.answer).toContain('Imported answer');
    expect(again.json.faq.find((e) => e.id === 'stay-amina')!.deleted).toBe(true);
  });

  it('given a summary shown, when someone edits an entry before the import is confirmed, then that entry is not overwritten and the summary says so', async () => {
    const bot = await staffBot(fixture, { live: true });
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const { json } = await exportFile(staff, en);
    json.faq.find((e) => e.id === 'police-stop')!.data.texts.en!.answer = 'From the file.';
    await staff.sendDocument('edit.json', JSON.stringify(json));
    const other = await userWithLanguage(bot, OTHER_STAFF, 'en');
    await other.send('/staff');
    await other.pressData(featureCallback('staff', 'e', 'police-stop'));
    await other.press(en('staff.button.hide'));
    const [applied] = await staff.press(en('staff.button.apply-import'));
    expect(applied!.text).toContain(en('staff.import.applied', { n: 0 }));
    expect(applied!.text).toContain(en('staff.import.conflicts'));
    expect(applied!.text).toContain('police-stop');
  });

  it('given a Tajik staff member, when an import breaks a rule, then every reason is in Tajik: no zod English, no raw keys', async () => {
    const bot = await staffBot(fixture, { live: true });
    const tg = await translator('tg');
    const staff = await userWithLanguage(bot, STAFF, 'tg');
    const { json } = await exportFile(staff, tg);

    const [notJson] = await staff.sendDocument('broken.json', '{"format": ');
    expect(notJson!.text).toContain(tg('staff.problem.import-not-json'));
    expect(notJson!.text).not.toMatch(/Unexpected|JSON at position/);

    const wrongTopic = structuredClone(json);
    (wrongTopic.faq[0]!.data as { category: string }).category = 'weather';
    wrongTopic.cards!.find((c) => c.id === 'sos')!.data.cards.tg.title = '<b>SOS</b>';
    const [invalid] = await staff.sendDocument('wrong.json', JSON.stringify(wrongTopic));
    expect(invalid!.text).toContain(tg('staff.import.invalid'));
    expect(invalid!.text).toContain(`${tg('staff.field.faq')} › 1 › ${tg('staff.field.category')}`);
    expect(invalid!.text).toContain(tg('staff.reason.not-allowed', { allowed: 'stay, work, police, checks, safety' }));
    expect(invalid!.text).toContain(`${tg('staff.field.cards')} › 12 › ${tg('staff.field.cards')} › ${tg('faq.language-name.tg')} › ${tg('staff.field.title')}`);
    expect(invalid!.text).toContain(tg('staff.reason.markup'));
    expect(invalid!.text).not.toMatch(/Invalid|expected|must be/);

    const unsafe = structuredClone(json);
    unsafe.cards!.find((c) => c.id === 'sos')!.data.cards.tg.body += '\nЗанг занед: +7 (999) 123-45-67';
    unsafe.faq.push({ id: 'x', data: unsafe.faq[0]!.data });
    unsafe.faq.push({ id: 'x', data: unsafe.faq[0]!.data });
    const [refused] = await staff.sendDocument('unsafe.json', JSON.stringify(unsafe));
    expect(refused!.text).toContain(tg('staff.import.refused'));
    expect(refused!.text).toContain(`${tg('staff.kind.card')} «sos» (${tg('faq.language-name.tg')}): ${tg('staff.problem.unregistered-phone', { phone: '+7 (999) 123-45-67' })}`);
    expect(refused!.text).toContain(`${tg('staff.kind.faq')} «x»: ${tg('staff.problem.import-twice')}`);
    expect(refused!.text).not.toMatch(/unregistered-phone|import-twice|\{"phone"/);
  });

  it('given a broken or unsafe file, when staff send it, then it is refused with the reason; a user sending a file gets the usual answer', async () => {
    const bot = await staffBot(fixture, { live: true });
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    const [notJson] = await staff.sendDocument('notes.txt', 'hello', 'text/plain');
    expect(notJson!.text).toBe(en('staff.import.not-json'));
    const [broken] = await staff.sendDocument('broken.json', '{"format": ');
    expect(broken!.text).toContain(en('staff.import.invalid'));
    const { json } = await exportFile(staff, en);
    json.faq[0]!.data.texts.en!.answer = 'Call +7 (999) 123-45-67 now.';
    const [unsafe] = await staff.sendDocument('unsafe.json', JSON.stringify(json));
    expect(unsafe!.text).toContain(en('staff.import.refused'));
    expect(unsafe!.text).toContain('+7 (999) 123-45-67');

    const user = await userWithLanguage(bot, 750, 'en');
    const [fallback] = await user.sendDocument('content.json', JSON.stringify(json));
    expect(fallback!.text).toContain('I do not read stickers, photos or files.');
  });
});
