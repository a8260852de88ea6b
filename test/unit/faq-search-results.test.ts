import { createI18n } from '../../src/bot/i18n';
import { renderSearchResults } from '../../src/bot/render/faq-view';
import type { FaqDoc } from '../../src/services/faq/faq-library';

/** One revision of an entry, as the library holds it (a staff edit is a new revision object). */
function revision(version: number, texts: FaqDoc['data']['texts']): FaqDoc {
  return {
    by: { kind: 'system' },
    at: '2026-12-01T00:00:00Z',
    id: 'patent-pay',
    version,
    action: version === 1 ? 'create' : 'update',
    deleted: false,
    changes: [],
    data: { category: 'work', order: 1, texts, source: { ru: 'ФЗ-115' }, verifiedAt: '2026-11-01' },
  } as unknown as FaqDoc;
}

const buttonTexts = (docs: FaqDoc[], lang: 'ru' | 'tg' | 'en', t: ReturnType<Awaited<ReturnType<typeof createI18n>>['translatorFor']>) =>
  renderSearchResults(t, lang, docs).keyboard.inline_keyboard.flat().map((b) => b.text);

describe('FAQ search results', () => {
  it('given an entry shown under search results, when staff edit its question (a new revision), then the next results show the new question; the old revision keeps its own', async () => {
    const t = (await createI18n()).translatorFor('tg');
    const first = revision(1, { ru: { question: 'Как оплатить патент?', answer: 'Через банк.' } });
    expect(buttonTexts([first], 'tg', t)[0]).toBe('Как оплатить патент?');
    expect(buttonTexts([first], 'tg', t)[0]).toBe('Как оплатить патент?');
    const edited = revision(2, { ru: { question: 'Как оплатить патент?', answer: 'Через банк.' }, tg: { question: 'Патентро чӣ тавр пардохт кунам?', answer: 'Тавассути бонк.' } });
    expect(buttonTexts([edited], 'tg', t)[0]).toBe('Патентро чӣ тавр пардохт кунам?');
    expect(buttonTexts([edited], 'ru', t)[0]).toBe('Как оплатить патент?');
    expect(buttonTexts([first], 'tg', t)[0]).toBe('Как оплатить патент?');
  });

  it('given a question longer than a button, when shown, then it is shortened with an ellipsis and the button opens that entry', async () => {
    const t = (await createI18n()).translatorFor('en');
    const long = revision(1, { en: { question: `${'word '.repeat(30)}end?`, answer: 'Yes.' } });
    const [button] = renderSearchResults(t, 'en', [long]).keyboard.inline_keyboard[0]!;
    expect(button!.text.endsWith('…')).toBe(true);
    expect(button!.text.length).toBeLessThanOrEqual(100);
    expect((button as { callback_data: string }).callback_data).toContain('patent-pay');
  });
});
