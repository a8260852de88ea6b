/**
 * What staff buttons do (outside the dialogues): lists, one document, hide/show, reorder, delete
 * with undo, previews as users see them, history and rollback, contact status. Every action that
 * changes something carries the version the button was drawn from: when the document changed since,
 * nothing is changed and staff see the newer version instead.
 */
import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import type { CardDocument, ContactDocument } from '../../../services/content-store/content-rules';
import { verifiedPhoneSet } from '../../../content/phone-numbers';
import { cardsWithUnregisteredPhones, checkContact } from '../../../services/content-store/content-rules';
import { FAQ_CATEGORIES, type FaqEntry } from '../../../services/faq/faq-schema';
import { LANGUAGES } from '../../../services/languages';
import type { Revision, SaveResult, VersionedStore } from '../../../storage/versioned-store';
import { readArgs, type ArgsOf } from '../../callback-args';
import type { BotContext } from '../../context';
import type { Translate } from '../../i18n';
import { staffButton, type StaffButton } from './buttons';
import { cardScreenHtml } from '../../render/card-view';
import {
  renderCardBody,
  renderCardList,
  renderContactBody,
  renderContactList,
  renderStaffCard,
  renderStaffContact,
} from './faq-content-view';
import {
  LANGUAGE_FLAGS,
  openButton,
  renderConflict,
  renderEntryBody,
  renderHistory,
  renderRevision,
  renderStaffEntry,
  renderStaffFaqList,
  renderStaffMenu,
  type StaffKind,
  votesLine,
  who,
} from './faq-view';
import { renderFaqAnswerHtml, type Screen } from '../../render/faq-view';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../../respond';
import { cardEditDraft, contactEditDraft, describeProblem } from './content-flows';
import { faqEditDraft } from './faq-flows';
import { homeKeyboard, startFlow } from './form';
import { todayIso, type StaffServices } from './services';

/** A staff button handler; `false` means its arguments made no sense (stale or forged data). */
export type StaffHandler = (ctx: BotContext, s: StaffServices, args: readonly string[]) => Promise<boolean | void>;

/** Button arguments shared by the staff handlers (each handler reads its own with a tuple of these). */
export const staffArg = {
  /** A version number: positive, whole. */
  version: z.string().regex(/^\d{1,9}$/).transform(Number).pipe(z.number().positive()),
  /** A page number, from 0. */
  page: z.string().regex(/^\d{1,3}$/).transform(Number),
  /** The id of an FAQ entry, card or contact (the callback codec has checked its characters). */
  id: z.string().min(1),
  kind: z.enum(['faq', 'card', 'contact']),
  language: z.enum(LANGUAGES),
} as const;

/**
 * A staff handler whose button arguments are read with `args` first (the bot's one reader,
 * `readArgs`): arguments that do not parse (a stale or forged button) are answered as a stale
 * button, and `handle` gets them typed.
 */
export function withArgs<const Schemas extends readonly [z.ZodType, ...z.ZodType[]]>(
  args: Schemas,
  handle: (ctx: BotContext, s: StaffServices, args: ArgsOf<Schemas>) => Promise<boolean | void>,
): StaffHandler {
  return async (ctx, s, raw) => {
    const parsed = readArgs(args, raw);
    return parsed === undefined ? false : handle(ctx, s, parsed);
  };
}

interface Collection<T> {
  get(id: string): Revision<T> | undefined;
  rollback(id: string, toVersion: number, expectedVersion: number, by: number): Promise<SaveResult<T>>;
  store?: VersionedStore<T>;
}

function collection(s: StaffServices, kind: StaffKind): Collection<unknown> | undefined {
  if (kind === 'faq') return s.faq.editable ? s.faq : undefined;
  if (!s.content) return undefined;
  return kind === 'card' ? s.content.cardDocs : s.content.contactDocs;
}

function bodyOf(t: Translate, kind: StaffKind, data: unknown): string {
  if (kind === 'faq') return renderEntryBody(t, data as FaqEntry);
  if (kind === 'card') return renderCardBody(t, data as CardDocument);
  return renderContactBody(t, data as ContactDocument);
}

/** The staff screen of any document. */
function screenOf(ctx: BotContext, s: StaffServices, kind: StaffKind, doc: Revision<unknown>): Screen {
  const viewer = ctx.from?.id;
  if (kind === 'faq') return renderStaffEntry(ctx.t, s.faq, doc as Revision<FaqEntry>, viewer);
  if (kind === 'card') return renderStaffCard(ctx.t, doc as Revision<CardDocument>, viewer);
  return renderStaffContact(ctx.t, doc as Revision<ContactDocument>, viewer);
}

const show = (ctx: BotContext, screen: Screen, prefix?: string) => showScreen(ctx, prefix ? `${prefix}\n\n${screen.html}` : screen.html, screen.keyboard);

/** Shows the outcome of a change: the changed document, or the newer one that refused it. */
async function showResult(ctx: BotContext, s: StaffServices, kind: StaffKind, result: SaveResult<unknown>, doneKey: string): Promise<void> {
  if (result.ok) {
    await acknowledge(ctx, ctx.t(doneKey));
    return show(ctx, screenOf(ctx, s, kind, result.doc), `✅ ${ctx.t(doneKey)}`);
  }
  if (result.reason === 'missing') {
    await acknowledge(ctx, ctx.t('staff.gone'));
    return show(ctx, { html: ctx.t('staff.gone'), keyboard: homeKeyboard(ctx.t) });
  }
  await acknowledge(ctx, ctx.t('staff.conflict.title'));
  return show(ctx, renderConflict(ctx.t, kind, result.conflict, bodyOf(ctx.t, kind, result.conflict.data), ctx.from?.id));
}

async function readOnly(ctx: BotContext): Promise<void> {
  await acknowledge(ctx);
  await ctx.reply(ctx.t('staff.menu.read-only'), { ...MESSAGE_OPTIONS, reply_markup: homeKeyboard(ctx.t) });
}

/** Opens the staff menu. */
export async function showStaffMenu(ctx: BotContext, s: StaffServices): Promise<void> {
  await acknowledge(ctx);
  const screen = renderStaffMenu(ctx.t, {
    faq: s.faq,
    canEditContent: s.content !== undefined,
    isAdmin: ctx.roles.isAdmin,
    addedStaff: ctx.roles.isAdmin ? (await s.directory.addedStaff()).length : 0,
  });
  if (s.insight) {
    // "What people ask" right under the FAQ buttons: it is where new entries come from.
    screen.keyboard.inline_keyboard.splice(1, 0, [{ text: ctx.t('insight.staff.button'), callback_data: staffButton('insightList') }]);
  }
  if (s.content) {
    // The calendar row goes right before export/import, next to the other content.
    const rowsOfMenu = screen.keyboard.inline_keyboard;
    const exportRow = rowsOfMenu.findIndex((row) => row.some((b) => 'callback_data' in b && b.callback_data === staffButton('exportContent')));
    rowsOfMenu.splice(exportRow < 0 ? rowsOfMenu.length : exportRow, 0, [{ text: ctx.t('staff.calendar.button.open'), callback_data: staffButton('calendar') }]);
  }
  await showScreen(ctx, screen.html, screen.keyboard);
}

/** A change of an FAQ entry from a button that carries the version it was drawn from. */
function faqChange(
  change: (s: StaffServices, id: string, version: number, actor: number) => Promise<SaveResult<FaqEntry>> | undefined,
  doneKey: string,
): StaffHandler {
  return withArgs([staffArg.id, staffArg.version], async (ctx, s, [id, version]) => {
    if (!s.faq.get(id)) return false;
    if (!s.faq.editable) return readOnly(ctx);
    const pending = change(s, id, version, ctx.from!.id);
    if (!pending) {
      await acknowledge(ctx);
      return show(ctx, renderStaffEntry(ctx.t, s.faq, s.faq.get(id)!, ctx.from?.id));
    }
    return showResult(ctx, s, 'faq', await pending, doneKey);
  });
}

function move(direction: 'up' | 'down') {
  return faqChange((s, id, version, actor) => {
    const doc = s.faq.get(id)!;
    const position = s.faq.positionForMove(id, direction);
    // A stale button still names the old version: let the store refuse it with the newer entry.
    if (position === undefined && doc.version === version) return undefined;
    return s.faq.update(id, version, { ...doc.data, position: position ?? doc.data.position }, actor);
  }, 'staff.saved.moved');
}

function setHidden(hidden: boolean) {
  return faqChange((s, id, version, actor) => s.faq.update(id, version, { ...s.faq.get(id)!.data, hidden }, actor), hidden ? 'staff.saved.hidden' : 'staff.saved.shown');
}

/** Button handlers of the FAQ, card and contact screens, by button (codes on the wire: buttons.ts). */
export const STAFF_HANDLERS: Readonly<Partial<Record<StaffButton, StaffHandler>>> = {
  menu: async (ctx, s) => showStaffMenu(ctx, s),

  faqList: withArgs([z.enum(['all', 'deleted', ...FAQ_CATEGORIES]), staffArg.page], async (ctx, s, [filter, number]) => {
    await acknowledge(ctx);
    return show(ctx, renderStaffFaqList(ctx.t, ctx.lang, s.faq, filter, number));
  }),

  faqEntry: withArgs([staffArg.id], async (ctx, s, [id]) => {
    const doc = s.faq.get(id);
    if (!doc) return false;
    await acknowledge(ctx);
    const screen = renderStaffEntry(ctx.t, s.faq, doc, ctx.from?.id);
    // What readers thought of it, by language, beside the entry.
    const votes = s.insight ? (await s.insight.votes('faq', [id])).get(id) : undefined;
    return show(ctx, votes ? { ...screen, html: `${screen.html}\n\n${votesLine(ctx.t, votes)}` } : screen);
  }),

  faqNew: async (ctx, s) => {
    if (!s.faq.editable) return readOnly(ctx);
    await acknowledge(ctx);
    await startFlow(ctx, s, { flow: 'faq-add', values: {}, target: {} });
  },

  faqEdit: withArgs([staffArg.id, staffArg.language, staffArg.version], async (ctx, s, [id, lang, version]) => {
    const doc = s.faq.get(id);
    if (!doc) return false;
    if (!s.faq.editable) return readOnly(ctx);
    await acknowledge(ctx);
    // The edit starts from the version on the button: if that is old, saving will say so.
    const base = version === doc.version ? doc : await s.faq.store!.revision(doc.id, version);
    if (!base) return false;
    await startFlow(ctx, s, faqEditDraft(base, lang));
  }),

  faqHide: setHidden(true),
  faqShow: setHidden(false),
  faqMoveUp: move('up'),
  faqMoveDown: move('down'),
  faqDelete: faqChange((s, id, version, actor) => s.faq.remove(id, version, actor), 'staff.saved.deleted'),
  faqRestore: faqChange((s, id, version, actor) => s.faq.restore(id, version, actor), 'staff.saved.restored'),

  preview: withArgs([z.enum(['faq', 'card']), staffArg.id, staffArg.language], async (ctx, s, [kind, id, lang]) => {
    const translate = s.i18n.translatorFor(lang);
    const previewRow = (keyboard: InlineKeyboard) => {
      for (const other of ['ru', 'tg', 'en'] as const) keyboard.text(`👀 ${LANGUAGE_FLAGS[other]}`, staffButton('preview', kind, id, other));
      return keyboard.row().text(ctx.t('staff.button.back'), openButton(kind, id));
    };
    let html: string;
    if (kind === 'faq') {
      const doc = s.faq.get(id);
      if (!doc) return false;
      html = renderFaqAnswerHtml(translate, lang, doc);
    } else {
      const card = s.content?.card(lang, id);
      if (!s.content || !card) return false;
      html = cardScreenHtml(s.content, lang, card, (l) => s.i18n.translatorFor(l));
    }
    // The preview is the user's message exactly; what it is goes into the pop-up.
    await acknowledge(ctx, ctx.t('staff.preview.toast', { language: `${LANGUAGE_FLAGS[lang]} ${ctx.t(`faq.language-name.${lang}`)}` }));
    return showScreen(ctx, html, previewRow(new InlineKeyboard()));
  }),

  history: withArgs([staffArg.kind, staffArg.id, staffArg.page], async (ctx, s, [kind, id, number]) => {
    const target = collection(s, kind);
    if (!target?.store || !target.get(id)) return false;
    await acknowledge(ctx);
    return show(ctx, renderHistory(ctx.t, kind, id, await target.store.history(id), number, ctx.from?.id));
  }),

  revision: withArgs([staffArg.kind, staffArg.id, staffArg.version, staffArg.version], async (ctx, s, [kind, id, version, current]) => {
    const rev = await collection(s, kind)?.store?.revision(id, version);
    if (!rev) return false;
    await acknowledge(ctx);
    return show(ctx, renderRevision(ctx.t, kind, rev, current, bodyOf(ctx.t, kind, rev.data), ctx.from?.id));
  }),

  rollback: withArgs([staffArg.kind, staffArg.id, staffArg.version, staffArg.version], async (ctx, s, [kind, id, version, current]) => {
    const target = collection(s, kind);
    if (!target?.get(id)) return false;
    return showResult(ctx, s, kind, await target.rollback(id, version, current, ctx.from!.id), 'staff.saved.rolled-back');
  }),

  cardList: async (ctx, s) => {
    if (!s.content) return false;
    await acknowledge(ctx);
    return show(ctx, renderCardList(ctx.t, s.content));
  },

  card: withArgs([staffArg.id], async (ctx, s, [id]) => {
    const doc = s.content?.cardDocs.get(id);
    if (!doc) return false;
    await acknowledge(ctx);
    const screen = renderStaffCard(ctx.t, doc, ctx.from?.id);
    // What readers thought of it, by language, as for FAQ entries.
    const votes = s.insight ? (await s.insight.votes('card', [id])).get(id) : undefined;
    return show(ctx, votes ? { ...screen, html: `${screen.html}\n\n${votesLine(ctx.t, votes)}` } : screen);
  }),

  cardEdit: withArgs([staffArg.id, staffArg.language, staffArg.version], async (ctx, s, [id, lang, version]) => {
    const doc = s.content?.cardDocs.get(id);
    if (!s.content || !doc) return false;
    const base = version === doc.version ? doc : await s.content.cardDocs.store?.revision(doc.id, version);
    if (!base) return false;
    await acknowledge(ctx);
    await startFlow(ctx, s, cardEditDraft(base, lang));
  }),

  contactList: async (ctx, s) => {
    if (!s.content) return false;
    await acknowledge(ctx);
    return show(ctx, renderContactList(ctx.t, s.content));
  },

  contact: withArgs([staffArg.id], async (ctx, s, [id]) => {
    const doc = s.content?.contactDocs.get(id);
    if (!doc) return false;
    await acknowledge(ctx);
    return show(ctx, renderStaffContact(ctx.t, doc, ctx.from?.id));
  }),

  contactEdit: withArgs([staffArg.id, staffArg.version], async (ctx, s, [id, version]) => {
    const doc = s.content?.contactDocs.get(id);
    if (!s.content || !doc) return false;
    const base = version === doc.version ? doc : await s.content.contactDocs.store?.revision(doc.id, version);
    if (!base) return false;
    await acknowledge(ctx);
    await startFlow(ctx, s, contactEditDraft(base));
  }),

  // Show to users (verified) or hide (unverified): showing needs a phone or address and a date.
  contactToggleVerified: withArgs([staffArg.id, staffArg.version], async (ctx, s, [id, version]) => {
    const content = s.content;
    const doc = content?.contactDocs.get(id);
    if (!content || !doc) return false;
    const verify = doc.data.record.status !== 'verified';
    const data: ContactDocument = {
      ...doc.data,
      record: { ...doc.data.record, status: verify ? 'verified' : 'unverified', verifiedAt: doc.data.record.verifiedAt ?? (verify ? todayIso(s.clock) : null) },
    };
    const registry = content.contactIds().map((cid) => (cid === doc.id ? data.record : content.contactDocs.get(cid)?.data.record)).filter((r) => r !== undefined);
    const cards = content.cardIds().map((cid) => content.cardDocs.get(cid)?.data).filter((c) => c !== undefined);
    const problems = [
      ...(verify ? checkContact(data).map((p) => describeProblem(ctx.t, p)) : []),
      ...cardsWithUnregisteredPhones(cards, verifiedPhoneSet(registry)).map((phone) => ctx.t('staff.problem.phone-still-in-card', { phone })),
    ];
    if (problems.length > 0) {
      await acknowledge(ctx);
      return show(ctx, renderStaffContact(ctx.t, doc, ctx.from?.id), `⚠️ ${problems.join('\n')}`);
    }
    return showResult(ctx, s, 'contact', await content.contactDocs.update(doc.id, version, data, ctx.from!.id), verify ? 'staff.saved.verified' : 'staff.saved.unverified');
  }),

  contactToggleUnanswered: withArgs([staffArg.id, staffArg.version], async (ctx, s, [id, version]) => {
    const doc = s.content?.contactDocs.get(id);
    if (!s.content || !doc) return false;
    const record = { ...doc.data.record, knownUnanswered: !doc.data.record.knownUnanswered };
    return showResult(ctx, s, 'contact', await s.content.contactDocs.update(doc.id, version, { ...doc.data, record }, ctx.from!.id), 'staff.saved.updated');
  }),

  changeLog: async (ctx, s) => {
    await acknowledge(ctx);
    const stores: Array<[StaffKind, VersionedStore<unknown> | undefined]> = [
      ['faq', s.faq.store],
      ['card', s.content?.cardDocs.store],
      ['contact', s.content?.contactDocs.store],
    ];
    const lines: Array<{ at: string; line: string }> = [];
    for (const [kind, store] of stores) {
      for (const entry of (await store?.audit(15)) ?? []) {
        lines.push({
          at: entry.at,
          line: `${entry.at.slice(0, 16).replace('T', ' ')} · ${ctx.t(`staff.kind.${kind}`)} ${entry.id} v${entry.version} · ${ctx.t(`staff.action.${entry.action}`)} · ${who(ctx.t, entry.by, ctx.from?.id)}`,
        });
      }
    }
    lines.sort((a, b) => b.at.localeCompare(a.at));
    const html = [`<b>${ctx.t('staff.log.title')}</b>`, ...lines.slice(0, 15).map((l) => l.line)].join('\n');
    return showScreen(ctx, lines.length > 0 ? html : ctx.t('staff.log.empty'), homeKeyboard(ctx.t));
  },
};
