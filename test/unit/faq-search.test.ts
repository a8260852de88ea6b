import { FaqSearchIndex } from '../../src/services/faq/faq-search';
import type { FaqEntry } from '../../src/services/faq/faq-schema';
import { loadShippedFaq } from '../../src/services/faq/shipped-faq';
import { foldText, searchTerm } from '../../src/services/faq/text-folding';

const shipped = loadShippedFaq(new Set(['112', '102']));

function indexOf(entries: Array<{ id: string; data: FaqEntry }> = shipped): FaqSearchIndex {
  const index = new FaqSearchIndex();
  for (const { id, data } of entries) index.put(id, data);
  return index;
}

describe('folding of search text', () => {
  it('given Tajik letters, Russian-keyboard spellings and legacy font forms, when folded, then they are the same word', () => {
    expect(foldText('ҚАЙДИ МУҲОҶИРАТӢ')).toBe('каиди мухочирати');
    expect(foldText('кайди мухочирати')).toBe('каиди мухочирати');
    expect(foldText('њуќуќ дастгирї ѓ ў љ')).toBe('хукук дастгири г у ч');
    expect(foldText('Ёлка, Résumé')).toBe('елка, resume');
  });

  it('given words, when made search terms, then stop words drop out and long words are cut to a common stem', () => {
    expect(searchTerm('ва')).toBeUndefined();
    expect(searchTerm('the')).toBeUndefined();
    expect(['патент', 'патенти', 'патентро', 'Патента'].map(searchTerm)).toEqual(['патент', 'патент', 'патент', 'патент']);
  });
});

describe('FAQ search', () => {
  const index = indexOf();
  const first = (lang: 'ru' | 'tg' | 'en', query: string) => index.search(lang, query)[0];

  it.each([
    ['tg', 'патент қарз', 'work-patent-payment'],
    ['tg', 'патент карз', 'work-patent-payment'],
    ['tg', 'бакайдгири', 'stay-registration'],
    ['tg', 'изи ангушт', 'work-fingerprints'],
    ['tg', 'њуќуќ', 'police-detention'],
    ['tg', 'амина', 'stay-amina'],
    ['ru', 'сколько держать полиция', 'police-detention'],
    ['ru', 'РЕГИСТРАЦЫЯ', 'stay-registration'],
    ['ru', 'запрет въезда', 'checks-entry-ban'],
    ['en', 'entry bann', 'checks-entry-ban'],
    ['en', 'Fingerprints', 'work-fingerprints'],
  ] as const)('given "%s: %s", when searched, then "%s" is the best match', (lang, query, id) => {
    expect(first(lang, query)).toBe(id);
  });

  it('given "патент", when searched in Tajik, then every patent answer is offered', () => {
    expect(index.search('tg', 'патент')).toEqual(expect.arrayContaining(['work-patent-apply', 'work-patent-payment']));
  });

  it('given swapped letters, when plain matching finds nothing, then the transposition is tolerated', () => {
    expect(index.search('ru', 'патнет')).toContain('work-patent-apply');
  });

  it('given greetings, help requests or unrelated words, when searched, then nothing is found', () => {
    for (const [lang, query] of [['tg', 'салом, ба ман кумак лозим'], ['ru', 'привет'], ['en', 'hello there'], ['ru', 'рпивет']] as const) {
      expect({ query, found: index.search(lang, query) }).toEqual({ query, found: [] });
    }
  });

  it('given Russian words from a Tajik user, when nothing matches in Tajik, then the other languages are searched', () => {
    expect(first('tg', 'регистрация')).toBe('stay-registration');
  });

  it('given an entry hidden or removed, when searched, then it is not found; shown again, it is', () => {
    const own = indexOf();
    const amina = shipped.find((e) => e.id === 'stay-amina')!;
    own.put('stay-amina', { ...amina.data, hidden: true });
    expect(own.search('en', 'amina')).toEqual([]);
    own.put('stay-amina', amina.data);
    expect(own.search('en', 'amina')).toEqual(['stay-amina']);
    own.put('stay-amina', undefined);
    expect(own.search('en', 'amina')).toEqual([]);
  });

  it('given the same question asked again, when searched, then the same entries are found, and what one caller does with its list does not change the next', () => {
    const own = indexOf();
    const first = own.search('ru', 'патент');
    expect(first.length).toBeGreaterThan(0);
    first.splice(0, first.length, 'tampered');
    expect(own.search('ru', 'патент')).toEqual(index.search('ru', 'патент'));
    expect(own.search('ru', 'патент')).not.toContain('tampered');
  });

  it('given an entry only in Russian, when a Tajik user searches its words, then it is found (they are shown the Russian text)', () => {
    const only: FaqEntry = { ...shipped[0]!.data, texts: { ru: { question: 'Уникальныйвопрос о кирпичах', answer: 'Ответ.' } } };
    const own = indexOf([{ id: 'x', data: only }]);
    expect(own.search('tg', 'кирпичах')).toEqual(['x']);
  });
});
