import { formatDuration, groupMessageLink, renderCaseList } from '../../src/bot/render/handoff-view';
import type { HandoffCase } from '../../src/services/handoff/case-store';
import { testI18n } from '../helpers/harness';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0);

describe('how staff read the waiting time of cases', () => {
  it.each([
    ['ru', 5 * MINUTE, '5 мин'],
    ['ru', 125 * MINUTE, '2 ч 05 мин'],
    ['ru', (3 * 24 + 4) * 60 * MINUTE, '3 дн 4 ч'],
    ['tg', 125 * MINUTE, '2 соат 05 дақ.'],
    ['tg', (3 * 24 + 4) * 60 * MINUTE, '3 рӯз 4 соат'],
    ['en', 59 * MINUTE + 59_000, '59 min'],
    ['en', -MINUTE, '0 min'],
  ] as const)('in %s, %d ms reads "%s"', async (lang, ms, expected) => {
    expect(formatDuration((await testI18n()).translatorFor(lang), ms)).toBe(expected);
  });

  it('links go to a supergroup message (t.me/c/<id without -100>/<message>); other chat ids get no link', () => {
    expect(groupMessageLink(-1001234567890, 42)).toBe('https://t.me/c/1234567890/42');
    expect(groupMessageLink(-123456, 42)).toBeUndefined();
  });

  it('the list says which cases wait, which were answered and which have no message yet, each linked to its place in the group', async () => {
    const t = (await testI18n()).translatorFor('en');
    const base = { userId: 1, language: 'tg', status: 'open', openedAt: NOW - 60 * MINUTE } as const;
    const cases: HandoffCase[] = [
      { ...base, id: 3, topic: 'detention', threadId: 77, waitingSince: NOW - 90 * MINUTE },
      { ...base, id: 4, topic: 'work', rootMessageId: 88, lastStaffReplyAt: NOW - 5 * MINUTE },
      { ...base, id: 5, topic: 'other' },
    ];
    expect(renderCaseList(t, cases, -1001234567890, NOW)).toBe(
      [
        '📋 <b>Open cases: 3</b>',
        '• <a href="https://t.me/c/1234567890/77">Case #3 · Tajik · detention</a> — waiting for 1 h 30 min',
        '• <a href="https://t.me/c/1234567890/88">Case #4 · Tajik · work</a> — answered 5 min ago',
        '• Case #5 · Tajik · other — no message yet',
      ].join('\n'),
    );
    expect(renderCaseList(t, [], -1001234567890, NOW)).toBe('No open cases.');
  });
});
