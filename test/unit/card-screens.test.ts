import { loadContent, type ContentLibrary } from '../../src/content/loader';
import { createI18n } from '../../src/bot/i18n';
import { CardScreens } from '../../src/bot/render/card-screens';

/** The shipped content, with one card's title replaceable as a staff edit would (a new generation). */
function editableContent() {
  const shipped = loadContent();
  let generation = 0;
  let title: string | undefined;
  const content: ContentLibrary = {
    ...shipped,
    card: (lang, id) => {
      const card = shipped.card(lang, id);
      return card && title && id === 'rights.detained' ? ({ ...card, title }) : card;
    },
    generation: () => generation,
  };
  const edit = (newTitle: string) => {
    title = newTitle;
    generation += 1;
  };
  return { content, edit };
}

const plain = { canGoBack: true, votes: true, sosPictures: true };

describe('card screens rendered once per content generation', () => {
  it('given a card shown twice, when nothing changed, then the second showing is the same rendering, and each variant is its own', async () => {
    const { content } = editableContent();
    const screens = new CardScreens(content, await createI18n());
    const first = screens.screen('tg', 'rights.detained', plain)!;
    expect(screens.screen('tg', 'rights.detained', plain)).toBe(first);
    const noBack = screens.screen('tg', 'rights.detained', { ...plain, canGoBack: false })!;
    expect(noBack).not.toBe(first);
    expect(JSON.stringify(noBack.keyboard)).not.toContain('"ch:back"');
    expect(JSON.stringify(first.keyboard)).toContain('"ch:back"');
    expect(screens.screen('ru', 'rights.detained', plain)!.html).not.toBe(first.html);
  });

  it('given a staff edit of the card, when it is shown next, then the new text is rendered', async () => {
    const { content, edit } = editableContent();
    const screens = new CardScreens(content, await createI18n());
    expect(screens.screen('tg', 'rights.detained', plain)!.html).not.toContain('Сарлавҳаи нав');
    edit('Сарлавҳаи нав');
    expect(screens.screen('tg', 'rights.detained', plain)!.html).toContain('<b>Сарлавҳаи нав</b>');
  });

  it('given a card id that does not exist, when asked, then there is no screen', async () => {
    const { content } = editableContent();
    expect(new CardScreens(content, await createI18n()).screen('en', 'no.such.card', plain)).toBeUndefined();
  });
});
