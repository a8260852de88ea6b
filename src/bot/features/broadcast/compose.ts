import { InlineKeyboard } from 'grammy';
import type { Audience, DraftStore, NoticeDraft, NoticeStore, Target } from '../../../services/broadcast';
import { parseMoscowTime, tomorrowInMoscowAt } from '../../../services/broadcast/schedule';
import { isLanguage, LANGUAGES, type Language } from '../../../services/languages';
import { isRegion, REGIONS } from '../../../services/subscribers';
import type { BotContext, DialogueContext } from '../../context';
import type { I18n, Translate } from '../../i18n';
import { encodeCallback } from '../../keyboards/callback-data';
import { LANGUAGE_NAMES } from '../../keyboards/language-picker';
import { backToMenuKeyboard } from '../../keyboards/main-menu';
import { formatMoscowTime } from '../../render/dates';
import {
  languageBreakdown,
  MAX_NOTICE_TEXT,
  noticeTextFor,
  progressKeyboard,
  renderNoticeHtml,
  summaryOf,
  targetLabel,
} from './view';
import { MESSAGE_OPTIONS, showScreen } from '../../respond';
import { awaitAnswer, type Dialogue, type StepAnswer } from '../../conversations/dialogue-step';

/** Id of the notice-composing dialogue. */
export const BROADCAST_COMPOSE = 'broadcast-compose';

/** The steps of composing a notice; each is one short dialogue (see {@link STEPS}). */
export const COMPOSE_STEPS = ['target', 'language', 'region', 'mode', 'text-all', 'text-ru', 'text-tg', 'text-en', 'schedule', 'preview', 'review'] as const;

/** One step of composing a notice. */
export type ComposeStep = (typeof COMPOSE_STEPS)[number];

/** What composing needs: the draft and notice stores, the audience, translations, the clock. */
export interface ComposeServices {
  drafts: DraftStore;
  notices: NoticeStore;
  audience: Audience;
  i18n: I18n;
  clock: () => number;
}

const choice = (value: string) => encodeCallback({ kind: 'dialogue-choice', choice: `bc.${value}` });
const textStep = (language: Language): ComposeStep => `text-${language}`;

/** Back and Cancel, under every step. */
function withNavigation(t: Translate, keyboard: InlineKeyboard, back: boolean): InlineKeyboard {
  keyboard.row();
  if (back) keyboard.text(t('broadcast.button.back'), choice('back'));
  return keyboard.text(t('broadcast.button.cancel'), choice('cancel'));
}

/** The language of a text step, or undefined for "one text for all". */
function stepLanguage(step: ComposeStep): Language | undefined {
  const language = step.startsWith('text-') ? step.slice(5) : undefined;
  return isLanguage(language) ? language : undefined;
}

/** The languages a draft needs texts for: the target's one, or all three. */
function draftLanguages(target: Target | undefined): readonly Language[] {
  return target?.kind === 'language' ? [target.language] : LANGUAGES;
}

/** What the draft holds so far, as far as the steps decide on it (only this leaves Redis). */
type DraftShape = Pick<NoticeDraft, 'target' | 'mode' | 'startAt'>;

/** What every step of composing works with; built once per step dialogue by {@link broadcastCompose}. */
interface StepKit {
  services: ComposeServices;
  adminId: number;
  /** The update that opened this step. */
  firstCtx: DialogueContext;
  shape: DraftShape;
  /** Runs `task` once with the outer context (`conversation.external`): its result is replayed, never the task. */
  external: <R>(task: (outer: BotContext) => R | Promise<R>) => Promise<R>;
  /** Ends this step: applies `change` to the draft, then opens step `next`. */
  goTo: (next: ComposeStep, change?: (draft: NoticeDraft) => void) => Promise<void>;
  /**
   * Shows the step and waits for one answer; undefined when the sender is no longer an admin
   * (they are told) or cancelled. `fresh`: the first showing is a new message, not an edit.
   */
  answer: (render: (ctx: DialogueContext, fresh: boolean) => Promise<unknown>, options?: { acceptsText?: boolean; fresh?: boolean }) => Promise<StepAnswer | undefined>;
  /** Stores the notice from the draft (the delivery runtime picks it up) and forgets the draft. */
  createNotice: (startAt: number | undefined) => Promise<{ id: number; count: number }>;
}

/** Who gets the notice: everyone, one language group, or one region. */
async function chooseTarget(kit: StepKit): Promise<void> {
  const { services, external, goTo, answer } = kit;
  const counts = await external(() => services.audience.count({ kind: 'all' }));
  const got = await answer(async (ctx) => {
    const keyboard = new InlineKeyboard()
      .text(ctx.t('broadcast.button.all', { count: counts.total }), choice('all'))
      .row()
      .text(ctx.t('broadcast.button.by-language'), choice('by-language'))
      .row()
      .text(ctx.t('broadcast.button.by-region'), choice('by-region'));
    await showScreen(ctx, ctx.t('broadcast.compose.target', { count: counts.total }), withNavigation(ctx.t, keyboard, false));
  });
  if (got?.kind !== 'choice') return;
  if (got.choice === 'bc.all') return void (await goTo('mode', (d) => (d.target = { kind: 'all' })));
  if (got.choice === 'bc.by-language') return void (await goTo('language'));
  if (got.choice === 'bc.by-region') return void (await goTo('region'));
  return void (await goTo('target'));
}

/** The language group (each with its number of subscribers); its text comes next. */
async function chooseLanguage(kit: StepKit): Promise<void> {
  const { services, external, goTo, answer } = kit;
  const counts = await external(() => services.audience.count({ kind: 'all' }));
  const got = await answer(async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const language of LANGUAGES) keyboard.text(`${LANGUAGE_NAMES[language]} (${counts[language]})`, choice(`lang.${language}`)).row();
    await showScreen(ctx, ctx.t('broadcast.compose.target-language'), withNavigation(ctx.t, keyboard, true));
  });
  if (got?.kind !== 'choice') return;
  const language = got.choice.replace(/^bc\.lang\./, '');
  if (isLanguage(language)) {
    return void (await goTo(textStep(language), (d) => {
      d.target = { kind: 'language', language };
      d.mode = 'per-language';
      d.texts = {};
    }));
  }
  return void (await goTo(got.choice === 'bc.back' ? 'target' : 'language'));
}

/** The region (each with its number of subscribers). */
async function chooseRegion(kit: StepKit): Promise<void> {
  const { services, external, goTo, answer } = kit;
  const counts = await external(() => services.audience.regionCounts());
  const got = await answer(async (ctx) => {
    const keyboard = new InlineKeyboard();
    REGIONS.forEach((region, index) => {
      keyboard.text(`${ctx.t(`subscriptions.region.${region}`)} (${counts[region]})`, choice(`region.${region}`));
      if (index % 2 === 1) keyboard.row();
    });
    await showScreen(ctx, ctx.t('broadcast.compose.target-region'), withNavigation(ctx.t, keyboard, true));
  });
  if (got?.kind !== 'choice') return;
  const region = got.choice.replace(/^bc\.region\./, '');
  if (isRegion(region)) return void (await goTo('mode', (d) => (d.target = { kind: 'region', region })));
  return void (await goTo(got.choice === 'bc.back' ? 'target' : 'region'));
}

/** One text for every language, or one text per language. */
async function chooseMode(kit: StepKit): Promise<void> {
  const { shape, goTo, answer } = kit;
  const got = await answer(async (ctx) => {
    const keyboard = new InlineKeyboard()
      .text(ctx.t('broadcast.button.one-text'), choice('one'))
      .row()
      .text(ctx.t('broadcast.button.per-language'), choice('per'));
    await showScreen(ctx, ctx.t('broadcast.compose.mode'), withNavigation(ctx.t, keyboard, true));
  });
  if (got?.kind !== 'choice') return;
  if (got.choice === 'bc.one') return void (await goTo('text-all', (d) => ((d.mode = 'one'), (d.texts = {}))));
  if (got.choice === 'bc.per') return void (await goTo('text-ru', (d) => ((d.mode = 'per-language'), (d.texts = {}))));
  return void (await goTo(got.choice === 'bc.back' ? (shape.target?.kind === 'region' ? 'region' : 'target') : 'mode'));
}

/** The text, for everyone or for the language of this step; too long a text is asked again. */
async function writeText(kit: StepKit, step: ComposeStep): Promise<void> {
  const { shape, goTo, answer } = kit;
  const language = stepLanguage(step);
  const got = await answer(
    async (ctx) => {
      const prompt = language
        ? ctx.t('broadcast.compose.text-language', { language: LANGUAGE_NAMES[language], max: MAX_NOTICE_TEXT })
        : ctx.t('broadcast.compose.text-all', { max: MAX_NOTICE_TEXT });
      await showScreen(ctx, prompt, withNavigation(ctx.t, new InlineKeyboard(), true));
    },
    { acceptsText: true },
  );
  if (!got) return;
  if (got.kind === 'text') {
    const text = got.text.trim();
    if (text.length > MAX_NOTICE_TEXT) {
      await got.ctx.reply(got.ctx.t('broadcast.compose.too-long', { length: text.length, max: MAX_NOTICE_TEXT }), MESSAGE_OPTIONS);
      return void (await goTo(step));
    }
    const languages = draftLanguages(shape.target);
    const next = language ? languages[languages.indexOf(language) + 1] : undefined;
    return void (await goTo(next ? textStep(next) : 'schedule', (d) => {
      d.texts[language ?? 'all'] = text;
    }));
  }
  if (got.choice !== 'bc.back') return void (await goTo(step));
  if (shape.target?.kind === 'language') return void (await goTo('language'));
  const previous = language ? LANGUAGES[LANGUAGES.indexOf(language) - 1] : undefined;
  return void (await goTo(previous ? textStep(previous) : 'mode'));
}

/** Send now, at a preset time, or at a Moscow time the admin types. */
async function chooseTime(kit: StepKit): Promise<void> {
  const { services, shape, external, goTo, answer } = kit;
  const now = await external(() => services.clock());
  const presets: Record<string, number | null> = {
    'bc.now': null,
    'bc.in-15-min': now + 15 * 60_000,
    'bc.in-1-hour': now + 3600_000,
    'bc.in-3-hours': now + 3 * 3600_000,
    'bc.tomorrow-9': tomorrowInMoscowAt(now, 9),
  };
  const got = await answer(
    async (ctx) => {
      const keyboard = new InlineKeyboard().text(ctx.t('broadcast.button.send-now'), choice('now')).row();
      Object.keys(presets)
        .slice(1)
        .forEach((key, index) => {
          keyboard.text(ctx.t(`broadcast.button.${key.slice(3)}`), choice(key.slice(3)));
          if (index % 2 === 1) keyboard.row();
        });
      await showScreen(ctx, ctx.t('broadcast.compose.schedule'), withNavigation(ctx.t, keyboard, true));
    },
    { acceptsText: true },
  );
  if (!got) return;
  if (got.kind === 'text') {
    const parsed = parseMoscowTime(got.text, now);
    if (!parsed.ok) {
      const key = { format: 'bad-time', past: 'past-time', 'too-far': 'far-time' }[parsed.reason];
      await got.ctx.reply(got.ctx.t(`broadcast.compose.${key}`), MESSAGE_OPTIONS);
      return void (await goTo('schedule'));
    }
    return void (await goTo('preview', (d) => (d.startAt = parsed.at)));
  }
  const preset = presets[got.choice];
  if (preset !== undefined) return void (await goTo('preview', (d) => (d.startAt = preset ?? undefined)));
  if (got.choice !== 'bc.back') return void (await goTo('schedule'));
  if (shape.target?.kind === 'language') return void (await goTo(textStep(shape.target.language)));
  return void (await goTo(shape.mode === 'one' ? 'text-all' : 'text-en'));
}

/** The notice exactly as each language group gets it, sent once; the review step then asks. */
async function sendPreviews(kit: StepKit): Promise<void> {
  const { services, adminId, firstCtx, shape, external, goTo } = kit;
  // No answer is awaited here: the previews are sent once, then the review step asks.
  const preview = await external(async () => {
    const draft = await services.drafts.get(adminId);
    const counts = await services.audience.count(draft.target!);
    const shown = draftLanguages(draft.target).filter((l) => counts.total === 0 || counts[l] > 0);
    return {
      at: draft.startAt ?? services.clock(),
      groups: shown.map((language) => ({ language, count: counts[language], text: noticeTextFor(draft.texts, language) })),
    };
  });
  const missing = preview.groups.find((p) => p.text === undefined);
  if (missing) return void (await goTo(shape.mode === 'one' ? 'text-all' : textStep(missing.language)));
  for (const { language, count, text } of preview.groups) {
    await firstCtx.reply(firstCtx.t('broadcast.compose.preview-label', { language: LANGUAGE_NAMES[language], count }), MESSAGE_OPTIONS);
    await firstCtx.reply(renderNoticeHtml(services.i18n.translatorFor(language), text!, preview.at), MESSAGE_OPTIONS);
  }
  return void (await goTo('review'));
}

/** Who gets it, how many, and when; confirm, change the time, or start over. */
async function review(kit: StepKit): Promise<void> {
  const { services, shape, external, goTo, answer, createNotice } = kit;
  const counts = await external(() => services.audience.count(shape.target!));
  const startAt = shape.startAt;
  const got = await answer(
    async (ctx, fresh) => {
      let text: string;
      const keyboard = new InlineKeyboard();
      if (counts.total === 0) {
        text = ctx.t('broadcast.compose.no-recipients');
      } else {
        text = ctx.t('broadcast.compose.review', {
          target: targetLabel(ctx.t, shape.target!),
          count: counts.total,
          breakdown: languageBreakdown(counts),
          when: startAt === undefined ? ctx.t('broadcast.compose.now') : formatMoscowTime(ctx.t, startAt),
        });
        keyboard
          .text(ctx.t(startAt === undefined ? 'broadcast.button.send-now' : 'broadcast.button.confirm'), choice('confirm'))
          .row()
          .text(ctx.t('broadcast.button.schedule'), choice('schedule'))
          .row();
      }
      keyboard.text(ctx.t('broadcast.button.start-over'), choice('restart'));
      // Below the previews, not in place of an earlier message.
      if (fresh) return ctx.reply(text, { ...MESSAGE_OPTIONS, reply_markup: withNavigation(ctx.t, keyboard, false) });
      return showScreen(ctx, text, withNavigation(ctx.t, keyboard, false));
    },
    { fresh: true },
  );
  if (got?.kind !== 'choice') return;
  if (got.choice === 'bc.confirm' && counts.total > 0) {
    const created = await createNotice(startAt);
    if (startAt === undefined) {
      return void (await showScreen(got.ctx, got.ctx.t('broadcast.compose.queued', { id: created.id, count: created.count })));
    }
    const notice = await external(() => services.notices.get(created.id));
    return void (await showScreen(
      got.ctx,
      got.ctx.t('broadcast.compose.scheduled', { id: created.id, when: formatMoscowTime(got.ctx.t, startAt), count: created.count }),
      notice ? progressKeyboard(got.ctx.t, notice) : undefined,
    ));
  }
  if (got.choice === 'bc.schedule') return void (await goTo('schedule'));
  if (got.choice === 'bc.restart') return void (await goTo('target', (d) => Object.assign(d, { target: undefined, mode: undefined, texts: {}, startAt: undefined })));
  return void (await goTo('review'));
}

/** The steps of composing, by name: each shows its screen, takes one answer and opens the step it leads to. */
const STEPS: Readonly<Record<ComposeStep, (kit: StepKit, step: ComposeStep) => Promise<void>>> = {
  target: chooseTarget,
  language: chooseLanguage,
  region: chooseRegion,
  mode: chooseMode,
  'text-all': writeText,
  'text-ru': writeText,
  'text-tg': writeText,
  'text-en': writeText,
  schedule: chooseTime,
  preview: sendPreviews,
  review,
};

/**
 * Composing a notice, for admins: target, text (one for all or one per language), a preview of
 * exactly what each language group gets, the number of recipients, send now or schedule.
 *
 * Each step is its own short dialogue (the table {@link STEPS}) and the draft lives in Redis: the
 * stored dialogue state is the update that opened the step and its answer, never a log of every
 * text the admin typed. Whether the sender is still an admin is checked after every answer, so a
 * revoked admin cannot finish.
 */
export function broadcastCompose(services: ComposeServices) {
  return async function broadcastComposeDialogue(conversation: Dialogue, firstCtx: DialogueContext, step: ComposeStep): Promise<void> {
    const adminId = firstCtx.from!.id;
    const chatId = firstCtx.chat!.id;
    const external = conversation.external.bind(conversation);
    const goTo: StepKit['goTo'] = (next, change) =>
      external(async (outer: BotContext) => {
        if (change) {
          const draft = await services.drafts.get(adminId);
          change(draft);
          await services.drafts.save(adminId, draft);
        }
        outer.continueDialogue(BROADCAST_COMPOSE, next);
      });
    const stillAdmin = () => external((outer: BotContext) => outer.roles.isAdmin);
    const cancel = async (ctx: DialogueContext) => {
      await external(() => services.drafts.delete(adminId));
      await showScreen(ctx, ctx.t('broadcast.compose.cancelled'), backToMenuKeyboard(ctx.t));
    };
    // Only what the step needs leaves Redis, so the dialogue state stays small.
    const draftShape = () =>
      external(async () => {
        const draft = await services.drafts.get(adminId);
        return { target: draft.target, mode: draft.mode, startAt: draft.startAt };
      });

    const answer: StepKit['answer'] = async (render, options = {}) => {
      await render(firstCtx, options.fresh ?? false);
      const got = await awaitAnswer(conversation, services.i18n, (ctx) => render(ctx, false).then(() => undefined), {
        acceptsText: options.acceptsText ?? false,
      });
      if (!(await stillAdmin())) {
        await external(() => services.drafts.delete(adminId));
        await got.ctx.reply(got.ctx.t('broadcast.admin-only'), MESSAGE_OPTIONS);
        return undefined;
      }
      if (got.kind === 'choice' && got.choice === 'bc.cancel') {
        await cancel(got.ctx);
        return undefined;
      }
      return got;
    };

    const createNotice: StepKit['createNotice'] = (startAt) =>
      external(async (outer: BotContext) => {
        const draft = await services.drafts.get(adminId);
        const target = draft.target!;
        const now = services.clock();
        const at = startAt ?? now;
        const html: Partial<Record<Language, string>> = {};
        for (const language of draftLanguages(target)) {
          const text = noticeTextFor(draft.texts, language);
          if (text) html[language] = renderNoticeHtml(services.i18n.translatorFor(language), text, at);
        }
        const firstText = draft.texts.all ?? draftLanguages(target).map((l) => draft.texts[l]).find(Boolean) ?? '';
        const id = await services.notices.create({
          target,
          html,
          summary: summaryOf(firstText),
          createdBy: { userId: adminId, name: outer.from?.first_name ?? '' },
          adminChatId: chatId,
          adminLanguage: outer.lang,
          createdAt: now,
          startAt: at,
        });
        await services.drafts.delete(adminId);
        return { id, count: (await services.audience.count(target)).total };
      });

    const shape = await draftShape();
    const needsTarget = step !== 'target' && step !== 'language' && step !== 'region';
    if (needsTarget && !shape.target) return void (await goTo('target'));
    await STEPS[step]({ services, adminId, firstCtx, shape, external, goTo, answer, createNotice }, step);
  };
}
