import type { MiddlewareFn } from 'grammy';
import type { ContentLibrary } from '../../content/loader';
import { HOTLINES_CARD_ID } from '../../content/schema';
import type { CardWalkState } from '../../storage/session-data';
import type { BotContext } from '../context';
import type { I18n } from '../i18n';
import { bindLanguage } from '../middlewares/i18n';
import { CARD_VOTE_CHOICES, SOS_CARD_ID, SOS_CHOICES } from '../render/card-view';
import { CardScreens } from '../render/card-screens';
import type { PictureSender } from '../screens/pictures';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../respond';
import { callbackHead } from '../keyboards/callback-data';
import { readStepInput, showLanguagePicker } from './dialogue-step';

/** Choices that leave the cards for another dialogue; the bot's dialogue feature takes them over. */
export const HANDOVER_CHOICES = new Set(['calculator']);

/** How many cards "Back" can return through; older ones are forgotten to keep the session small. */
export const MAX_TRAIL = 12;

/** What the cards tell staff insight (absent offline): a card was shown, and 👍 / 👎 of a card. */
export interface CardInsight {
  opened(cardId: string): void;
  /** False when this person already rated this card today. */
  vote(cardId: string, lang: BotContext['lang'], up: boolean, userId: number): Promise<boolean>;
}

/** Settings of the walk through the cards. */
export interface CardWalkOptions {
  content: ContentLibrary;
  i18n: I18n;
  /** A walk left alone this long is over (the same timeout as the other dialogues). */
  timeoutMs: number;
  insight?: CardInsight;
  pictures?: PictureSender;
}

/** The guided walk through the content cards: {@link CardWalk.open} starts one, {@link CardWalk.middleware} goes on with it. */
export interface CardWalk {
  /** Shows card `cardId` as the first card of a new walk. */
  open(ctx: BotContext, cardId: string): Promise<void>;
  /** Takes the updates of a person on a walk: the answer to the card shown, or whatever comes instead. */
  middleware: MiddlewareFn<BotContext>;
  /** Ends the walk, if any (another dialogue takes over). */
  end(ctx: BotContext): void;
}

/**
 * The guided dialogues through the content cards ("stopped by the police" → "taken to a station" →
 * detention rights). Each card takes one answer: the next card, Back, or an action; Back and Main
 * menu are on every card.
 *
 * Why not a conversation: a card step collects nothing — it is one button leading to one screen —
 * so its whole state is the trail of card ids, kept in the session that every update reads and
 * writes anyway. Run as a conversation each step read and wrote the dialogue store and ran the
 * plugin twice (replay of the step, then the next step), measured at about four times the CPU of a
 * menu button. Dialogues that collect answers (the deadline calculator, staff forms) stay
 * conversations. What happens meanwhile (a language change, a command, a sticker) is read the same
 * way for both ({@link readStepInput}).
 */
export function cardWalk(options: CardWalkOptions): CardWalk {
  const { content, i18n, insight, pictures } = options;
  const screens = new CardScreens(content, i18n);

  /** Shows the walk's card; `opened` counts it as opened in staff insight. */
  const render = async (ctx: BotContext, walk: CardWalkState, opened: boolean) => {
    const cardId = walk.trail.at(-1)!;
    if (opened) insight?.opened(cardId);
    // The SOS card is shown to an officer: no rating buttons there.
    const votes = insight !== undefined && cardId !== SOS_CARD_ID && walk.voted === undefined;
    const screen = screens.screen(ctx.lang, cardId, { canGoBack: walk.trail.length > 1, votes, sosPictures: pictures !== undefined });
    if (!screen) return;
    const note = walk.voted && ctx.t(walk.voted === 'thanks' ? 'insight.vote.thanks' : 'insight.vote.already');
    await showScreen(ctx, note ? `${screen.html}\n\n<i>${note}</i>` : screen.html, screen.keyboard);
  };

  /** The walk of this person, unless it was left alone too long (then it is forgotten). */
  const liveWalk = (ctx: BotContext): CardWalkState | undefined => {
    const walk = ctx.session.cards;
    if (walk === undefined) return undefined;
    // Wall-clock time, as the conversations plugin measures the other dialogues' timeout.
    if (Date.now() - walk.at <= options.timeoutMs && walk.trail.length > 0) return walk;
    delete ctx.session.cards;
    return undefined;
  };

  const answer = async (ctx: BotContext, walk: CardWalkState, choice: string): Promise<'handled' | 'pass-on'> => {
    const cardId = walk.trail.at(-1)!;
    if (insight && walk.voted === undefined && cardId !== SOS_CARD_ID && (choice === CARD_VOTE_CHOICES.up || choice === CARD_VOTE_CHOICES.down)) {
      const counted = await insight.vote(cardId, ctx.lang, choice === CARD_VOTE_CHOICES.up, ctx.from!.id);
      // The row goes and a line says the tap was taken.
      ctx.session.cards = { ...walk, voted: counted ? 'thanks' : 'already', at: Date.now() };
      await render(ctx, ctx.session.cards, false);
      return 'handled';
    }
    if (pictures && cardId === SOS_CARD_ID && (choice === SOS_CHOICES.picture || choice === SOS_CHOICES.pin)) {
      // The card stays as it is, its buttons working; the picture comes below it, or the card is pinned.
      await (choice === SOS_CHOICES.picture ? pictures.sendSos(ctx) : pictures.pinSos(ctx));
      return 'handled';
    }
    if (HANDOVER_CHOICES.has(choice)) {
      delete ctx.session.cards;
      return 'pass-on';
    }
    const next = nextTrail(walk.trail, choice, (id) => content.card('ru', id) !== undefined);
    // A card that no longer exists: stay on this one.
    if (!next) return 'handled';
    ctx.session.cards = { trail: next, at: Date.now() };
    await render(ctx, ctx.session.cards, true);
    return 'handled';
  };

  return {
    async open(ctx, cardId) {
      ctx.session.cards = { trail: [cardId], at: Date.now() };
      await render(ctx, ctx.session.cards, true);
    },
    end(ctx) {
      delete ctx.session.cards;
    },
    async middleware(ctx, next) {
      const walk = liveWalk(ctx);
      if (!walk) return next();
      const input = readStepInput(ctx);
      // Anything the walk takes keeps it alive, as any update does a waiting conversation.
      walk.at = Date.now();
      switch (input.kind) {
        case 'member-update':
          return next();
        case 'leave':
          delete ctx.session.cards;
          return next();
        case 'language-command':
        case 'open-language-picker':
          return showLanguagePicker(ctx, input);
        case 'choice': {
          await acknowledge(ctx);
          if ((await answer(ctx, walk, input.choice)) === 'pass-on') return next();
          return;
        }
        case 'set-language':
          ctx.session.language = input.language;
          bindLanguage(ctx, i18n, input.language);
          await acknowledge(ctx, ctx.t('language.changed'));
          return render(ctx, walk, false);
        case 'stale-button':
          await acknowledge(ctx, ctx.t('errors.stale-button'));
          return render(ctx, walk, false);
        case 'text':
        case 'other':
          // Edits, reactions and the like are no answer, and need none.
          if (!ctx.message) return next();
          await ctx.reply(ctx.t('dialogue.use-buttons'), MESSAGE_OPTIONS);
          return render(ctx, walk, false);
      }
    },
  };
}

/**
 * Installed before the session: a card button (a dialogue choice) tells the session store that a
 * walk is likely, so the walk is read together with the session (one Redis round trip, not two).
 */
export function expectCardWalkOnCardButtons(
  sessions: { expectCardWalk(key: string): void },
  sessionKeyOf: (ctx: Pick<BotContext, 'from'>) => string | undefined,
): MiddlewareFn<BotContext> {
  const cardButton = `${callbackHead('dialogue-choice')}:`;
  return (ctx, next) => {
    const key = ctx.callbackQuery?.data?.startsWith(cardButton) ? sessionKeyOf(ctx) : undefined;
    if (key !== undefined) sessions.expectCardWalk(key);
    return next();
  };
}

/** Where a choice leads from `trail`; undefined when it leads nowhere known. */
export function nextTrail(trail: readonly string[], choice: string, cardExists: (id: string) => boolean): string[] | undefined {
  if (choice === 'back') return trail.length > 1 ? trail.slice(0, -1) : [...trail];
  const target = choice === 'hotlines' ? HOTLINES_CARD_ID : choice;
  if (!cardExists(target)) return undefined;
  return [...trail, target].slice(-MAX_TRAIL);
}
