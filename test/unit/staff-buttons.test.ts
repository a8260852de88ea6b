import { splitCallback } from '../../src/bot/keyboards/callback-data';
import { staffArg, withArgs } from '../../src/bot/features/staff/actions';
import { STAFF_BUTTON_CODES, staffButton, staffButtonOf, type StaffButton } from '../../src/bot/features/staff/buttons';

/**
 * The codes staff buttons carried before they had readable names. Buttons already sent in chats
 * carry these: the wire must never change, whatever the names in code become.
 */
const CODES_ON_THE_WIRE: Record<StaffButton, string> = {
  menu: 'home',
  faqList: 'fl',
  faqEntry: 'e',
  faqNew: 'new',
  faqEdit: 'ed',
  faqHide: 'hide',
  faqShow: 'show',
  faqMoveUp: 'up',
  faqMoveDown: 'dn',
  faqDelete: 'del',
  faqRestore: 'undo',
  preview: 'pv',
  history: 'h',
  revision: 'rv',
  rollback: 'rb',
  cardList: 'cards',
  card: 'c',
  cardEdit: 'ce',
  contactList: 'contacts',
  contact: 'k',
  contactEdit: 'ke',
  contactToggleVerified: 'kv',
  contactToggleUnanswered: 'ku',
  changeLog: 'log',
  calendar: 'cal',
  decreeEdit: 'cald',
  deflatorEdit: 'calf',
  calendarHistory: 'calh',
  calendarRevision: 'calrv',
  calendarRollback: 'calrb',
  exportContent: 'exp',
  importHelp: 'imp',
  importApply: 'impok',
  importCancel: 'impno',
  insightList: 'ask',
  insightNew: 'askn',
  insightDismiss: 'askx',
};

describe('staff buttons: readable names in code, short codes on the wire', () => {
  it('keeps every code a button was ever sent with', () => {
    expect(STAFF_BUTTON_CODES).toEqual(CODES_ON_THE_WIRE);
  });

  it('gives each button its own code', () => {
    const codes = Object.values(STAFF_BUTTON_CODES);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    [staffButton('menu'), 'f:staff:home'],
    [staffButton('faqList', 'all', 0), 'f:staff:fl:all:0'],
    [staffButton('faqEdit', 'police-stop', 'ru', 3), 'f:staff:ed:police-stop:ru:3'],
    [staffButton('rollback', 'faq', 'police-stop', 1, 2), 'f:staff:rb:faq:police-stop:1:2'],
    [staffButton('contactToggleVerified', 'tj-embassy', 4), 'f:staff:kv:tj-embassy:4'],
    [staffButton('calendarRollback', 'd', 2, 5), 'f:staff:calrb:d:2:5'],
    [staffButton('importApply', 'a1b2c3d4'), 'f:staff:impok:a1b2c3d4'],
  ])('builds %p byte for byte as before', (built, wire) => {
    expect(built).toBe(wire);
  });

  it('reads a code from the wire back as its button, and nothing for a code never sent', () => {
    for (const [button, code] of Object.entries(CODES_ON_THE_WIRE)) {
      expect(splitCallback(staffButton(button as StaffButton, 'x'))).toEqual({ head: 'f:staff', args: [code, 'x'] });
      expect(staffButtonOf(code)).toBe(button);
    }
    expect(staffButtonOf('edit')).toBeUndefined();
    expect(staffButtonOf('toString')).toBeUndefined();
    expect(staffButtonOf(undefined)).toBeUndefined();
  });
});

describe('staff button arguments, read with zod beside each handler', () => {
  const seen: unknown[] = [];
  const handler = withArgs([staffArg.kind, staffArg.id, staffArg.version], async (_ctx, _s, args) => void seen.push(args));
  const press = (args: string[]) => handler({} as never, {} as never, args);

  it('hands the handler typed arguments', async () => {
    seen.length = 0;
    await press(['faq', 'police-stop', '3']);
    expect(seen).toEqual([['faq', 'police-stop', 3]]);
  });

  it.each([[['faq', 'police-stop', '0']], [['faq', 'police-stop', 'x']], [['news', 'police-stop', '3']], [['faq', 'police-stop']], [['faq', 'police-stop', '3', 'extra']]])(
    'answers %p as a stale button without calling the handler',
    async (args) => {
      seen.length = 0;
      await expect(press(args)).resolves.toBe(false);
      expect(seen).toEqual([]);
    },
  );
});
