import { anonymiseQuestion, groupId, median, percentile, questionSignature, REMOVED } from '../../src/services/insight';

const known = new Set(['патент', 'москва', 'россия', 'регистрация', 'patent', 'moscow']);
const knownWord = (word: string) => known.has(word.toLowerCase());
const clean = (text: string) => anonymiseQuestion(text, knownWord);

describe('anonymising a question before staff see it', () => {
  it.each([
    ['Мой номер +7 (999) 123-45-67, перезвоните', '+7', '999', '123-45-67'],
    ['звоните 89991234567 пожалуйста', '89991234567'],
    ['номер телефона 8 999 123 45 67', '8 999 123 45 67', '123 45'],
    ['Рақамам +992 93 555 12 34 аст', '992', '555'],
    ['tel 9261234567 please', '9261234567'],
    ['call 123-45-67 after 6', '123-45-67'],
  ])('given "%s", when anonymised, then no digit of the phone number is left', (text, ...gone) => {
    const result = clean(text);
    for (const piece of gone) expect(result).not.toContain(piece);
    expect(result).toContain(REMOVED.phone);
  });

  it.each([
    ['паспорт 4512 345678 потерял', '4512', '345678'],
    ['патент серия 77 № 1234567 просрочен', '1234567'],
    ['шиноснома N1234567 гум шуд', 'N1234567', '1234567'],
    ['родился 12.05.1990, нужен патент', '12.05.1990', '1990'],
    ['card AB1234 blocked', 'AB1234'],
  ])('given a document number in "%s", when anonymised, then it is gone', (text, ...gone) => {
    const result = clean(text);
    for (const piece of gone) expect(result).not.toContain(piece);
    expect(result).toContain(REMOVED.document);
  });

  it('given short numbers (days, years, sums), when anonymised, then they stay: they say what is asked', () => {
    expect(clean('можно ли жить 90 дней без регистрации в 2025 году')).toBe('можно ли жить 90 дней без регистрации в 2025 году');
    expect(clean('патент стоит 4000 рублей?')).toBe('патент стоит 4000 рублей?');
  });

  it('given names inside a sentence, when anonymised, then capitalised unknown words go and known ones stay', () => {
    expect(clean('мой брат Алишер Рахимов задержан в Москва')).toBe('мой брат … задержан в Москва');
    expect(clean('бародарам Фаррух дар Россия дастгир шуд')).toBe('бародарам … дар Россия дастгир шуд');
    expect(clean('my friend John works without a Patent')).toBe('my friend … works without a Patent');
  });

  it('given the first word of a sentence, when anonymised, then an ordinary word stays but a full name or an address by name goes', () => {
    expect(clean('Сколько стоит патент? Где оплатить?')).toBe('Сколько стоит патент? Где оплатить?');
    expect(clean('Чӣ тавр патент гирам')).toBe('Чӣ тавр патент гирам');
    expect(clean('Алишер Рахимов, задержан полицией')).toBe('…, задержан полицией');
    expect(clean('Фаррух, подскажите про патент')).toBe('…, подскажите про патент');
    expect(clean('How do I pay. Ivan Petrov told me to ask')).toBe('How do I pay. … told me to ask');
  });

  it('given a name after "меня зовут", "номам", "my name is", when anonymised, then it goes whatever its case', () => {
    expect(clean('меня зовут алишер, нужен патент')).toBe('меня зовут …, нужен патент');
    expect(clean('Номи ман Фаррух Каримов. патент')).toBe('Номи ман …. патент');
    expect(clean('my name is ivan and i need help')).toBe('my name is … and i need help');
  });

  it('given a question written all in capitals, when anonymised, then its words stay and only an introduced name goes', () => {
    expect(clean('КАК ПОЛУЧИТЬ ПАТЕНТ В МОСКВЕ')).toBe('КАК ПОЛУЧИТЬ ПАТЕНТ В МОСКВЕ');
    expect(clean('ЗДРАВСТВУЙТЕ МЕНЯ ЗОВУТ АЛИШЕР ПОТЕРЯЛ ПАСПОРТ')).toBe('ЗДРАВСТВУЙТЕ МЕНЯ ЗОВУТ … ПОТЕРЯЛ ПАСПОРТ');
  });

  it('given whole questions as people write them, when anonymised, then what is asked stays and who asks goes', () => {
    expect(clean('Номам Алишер Каримов, рақамам +992 93 555 12 34. Велосипедро аз куҷо харидан мехоҳам?')).toBe(
      'Номам …, рақамам [☎]. Велосипедро аз куҷо харидан мехоҳам?',
    );
    expect(clean('Меня зовут Фаррух, паспорт 4512 345678 потерял в метро, что делать')).toBe('Меня зовут …, паспорт [№] потерял в метро, что делать');
    // A word before a name at the start of a sentence goes with it: safer than guessing.
    expect(clean('Салом. Бародарам Ҷамшед дар Москва дастгир шуд')).toBe('Салом. … дар Москва дастгир шуд');
    expect(clean('Ассалому алейкум! Патент чанд пул аст?')).toBe('Ассалому алейкум! Патент чанд пул аст?');
  });

  it('given abbreviations, e-mail, links and @usernames, when anonymised, then abbreviations stay and the addresses go', () => {
    expect(clean('как получить РВП и ВНЖ через МВД')).toBe('как получить РВП и ВНЖ через МВД');
    const result = clean('пишите ali.karimov@mail.ru или @ali_k99 или https://vk.com/id123');
    expect(result).not.toMatch(/ali|karimov|vk\.com|id123|mail/);
  });

  it('given a very long text, when anonymised, then it is cut', () => {
    expect(clean('патент '.repeat(200)).length).toBeLessThanOrEqual(300);
  });
});

describe('grouping unanswered questions', () => {
  it('given Tajik typed with Russian letters and with Tajik letters, when grouped, then they are one group', () => {
    const proper = questionSignature('Қайди муҳоҷиратӣ чӣ гуна мешавад?');
    const russianKeyboard = questionSignature('кайди мухочирати чи гуна мешавад');
    expect(proper).toBe(russianKeyboard);
    expect(groupId('tg', proper)).toBe(groupId('tg', russianKeyboard));
  });

  it('given the same words in another order, case and ending, when grouped, then they are one group; other words are another', () => {
    expect(questionSignature('Сколько стоит патент')).toBe(questionSignature('патента сколько СТОИТ?'));
    expect(questionSignature('Сколько стоит патент')).not.toBe(questionSignature('сколько стоит регистрация'));
  });

  it('given only greetings, when grouped, then there is nothing to group', () => {
    expect(questionSignature('Салом! Привет, здравствуйте')).toBe('');
  });
});

describe('exact first-answer figures', () => {
  it('given an odd count, the median is the middle value; given an even count, the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([40, 10, 20, 30])).toBe(25);
    expect(median([])).toBeUndefined();
  });

  it('given ten values, the 90th percentile is the ninth smallest (nearest rank)', () => {
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 90)).toBeUndefined();
  });
});
