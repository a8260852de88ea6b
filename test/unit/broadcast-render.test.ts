import { MAX_NOTICE_TEXT, renderHistory, renderNoticeHtml, summaryOf } from '../../src/bot/features/broadcast/view';
import { LANGUAGES } from '../../src/services/languages';
import { findHtmlError, htmlToPlainText } from '../../src/simulator/telegram-html';
import { testI18n } from '../helpers/harness';

const AT = Date.UTC(2026, 2, 12, 12, 0);

describe('how a notice looks', () => {
  it.each(LANGUAGES)('in %s: official header with the date, the text as typed (never markup), how to unsubscribe', async (language) => {
    const t = (await testI18n()).translatorFor(language);
    const html = renderNoticeHtml(t, '<b>not bold</b> & <a href="x">no link</a>', AT);
    expect(findHtmlError(html)).toBeUndefined();
    const plain = htmlToPlainText(html);
    expect(plain.startsWith('📢')).toBe(true);
    expect(plain).toContain('<b>not bold</b> & <a href="x">no link</a>');
    expect(plain).toContain('/settings');
    expect(plain).toContain('2026');
  });

  it.each(LANGUAGES)('in %s: the longest allowed text still fits in one Telegram message', async (language) => {
    const t = (await testI18n()).translatorFor(language);
    const html = renderNoticeHtml(t, 'ж'.repeat(MAX_NOTICE_TEXT), AT);
    expect(htmlToPlainText(html).length).toBeLessThanOrEqual(4096);
  });

  it('the admins\' list escapes names and excerpts', async () => {
    const t = (await testI18n()).translatorFor('en');
    const html = renderHistory(t, [
      {
        id: 3, status: 'done', target: { kind: 'region', region: 'kzn' }, html: {}, summary: summaryOf('a <script> & b\n\nc'),
        createdBy: { userId: 42, name: 'Ann <admin>' }, adminChatId: 42, adminLanguage: 'en', createdAt: AT, startAt: AT, startedAt: AT,
        finishedAt: AT, total: 5, cursor: 5, counts: { sent: 4, failed: 0, blocked: 1, skipped: 0 }, inflight: 0, reported: true, reasons: {},
      },
    ]);
    expect(findHtmlError(html)).toBeUndefined();
    const plain = htmlToPlainText(html);
    expect(plain).toContain('Sent by: Ann <admin> (42)');
    expect(plain).toContain('"a <script> & b c"');
    expect(plain).toContain('To: city or region: Kazan.');
  });
});
