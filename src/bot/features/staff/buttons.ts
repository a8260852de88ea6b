import { featureCallback } from '../../keyboards/callback-data';

/**
 * Every staff button: a readable name in code, a short code on the wire (`f:staff:<code>:<args>`).
 * Callback data holds at most 64 bytes, and buttons already sent keep the code they were sent with:
 * a code here is never changed or reused, only added.
 */
export const STAFF_BUTTON_CODES = {
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
} as const;

/** The name of a staff button in code. */
export type StaffButton = keyof typeof STAFF_BUTTON_CODES;

const BUTTON_BY_CODE: ReadonlyMap<string, StaffButton> = new Map(
  Object.entries(STAFF_BUTTON_CODES).map(([name, code]) => [code, name as StaffButton]),
);

/** Button data of the staff feature: `f:staff:<code of button>:<args>`. */
export function staffButton(button: StaffButton, ...args: Array<string | number>): string {
  return featureCallback('staff', STAFF_BUTTON_CODES[button], ...args);
}

/** The button a wire code names; `undefined` for a code the bot never sent. */
export function staffButtonOf(code: string | undefined): StaffButton | undefined {
  return code === undefined ? undefined : BUTTON_BY_CODE.get(code);
}
