import { escapeHtml } from '../../src/bot/i18n';
import { renderCardHtml } from '../../src/bot/render/card-view';
import type { Card } from '../../src/content/schema';
import { findHtmlError, htmlToPlainText } from '../../src/simulator/telegram-html';
import { testI18n } from '../helpers/harness';

const NASTY = 'Звоните <112> & не подписывайте *ничего* _лишнего_ 😀 </b> &amp; "цитата" \'x\' a<b>c';

describe('text sent to Telegram is always valid HTML', () => {
  it('the checker rejects what Telegram rejects', () => {
    expect(findHtmlError('a < b')).toMatch(/can't parse entities/);
    expect(findHtmlError('AT&T')).toMatch(/can't parse entities/);
    expect(findHtmlError('<b>open')).toMatch(/can't parse entities/);
    expect(findHtmlError('<script>x</script>')).toMatch(/unsupported start tag/);
    expect(findHtmlError('&nbsp;')).toMatch(/unsupported HTML entity/);
    expect(findHtmlError('<b>ok</b> &lt; &amp; &#39; <i>x</i> <a href="https://x">l</a>')).toBeUndefined();
  });

  it('escaping keeps any text, markup characters and emoji included, exactly as written', () => {
    const html = escapeHtml(NASTY);
    expect(findHtmlError(html)).toBeUndefined();
    expect(htmlToPlainText(html)).toBe(NASTY);
  });

  it('a card written with markup characters everywhere renders to valid HTML and reads unchanged', async () => {
    const t = (await testI18n()).translatorFor('ru');
    const card: Card = {
      id: 'test.card',
      topic: 'rights',
      title: NASTY,
      body: NASTY,
      steps: [NASTY, '1 < 2 && 3 > 2'],
      source: 'КоАП <РФ> & 3-ФЗ',
      verifiedAt: '2026-11-24',
    };
    const contact = {
      id: 'x', kind: 'ngo' as const, name: 'A & B <ngo>', note: '<i>not markup</i>', phones: ['112'], knownUnanswered: true,
      source: 's', verifiedAt: '2026-11-24',
    };
    const html = renderCardHtml(t, card, [contact]);
    expect(findHtmlError(html)).toBeUndefined();
    const text = htmlToPlainText(html);
    expect(text.split(NASTY).length - 1).toBe(3);
    expect(text).toContain('1 < 2 && 3 > 2');
    expect(text).toContain('Источник: КоАП <РФ> & 3-ФЗ');
    expect(text).toContain('A & B <ngo>');
    expect(text).toContain('<i>not markup</i>');
  });
});
