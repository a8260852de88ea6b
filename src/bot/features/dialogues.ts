import { Composer, type MiddlewareFn } from 'grammy';
import { z } from 'zod';
import type { ContentLibrary } from '../../content/loader';
import type { WorkCalendar } from '../../services/deadlines';
import { createDialogue } from '../conversations/registration';
import type { BotContext } from '../context';
import { DEADLINES_CALCULATOR, deadlinesCalculator } from '../conversations/deadlines-calculator';
import { cardWalk, type CardInsight } from '../conversations/card-walk';
import type { I18n } from '../i18n';
import { withArgs } from '../callback-args';
import { callbackPattern, encodeCallback } from '../keyboards/callback-data';
import { HOTLINES_CARD_ID } from '../../content/schema';
import { SOS_CARD_ID, SOS_CHOICES } from '../render/card-view';
import type { PictureSender } from '../screens/pictures';
import { acknowledge } from '../respond';
import { showMainMenu } from '../screens/main-menu';
import { showStaleButton } from '../screens/stale-button';

/** Where each guided dialogue of the main menu starts. */
export const DIALOGUE_START_CARDS: Readonly<Record<string, string>> = {
  police: 'rights.police.stop',
  detained: 'rights.detained',
  raid: 'rights.raid',
  documents: 'documents.carry',
  check: 'documents.register',
};

/** Settings of the dialogues feature. */
export interface DialoguesOptions {
  content: ContentLibrary;
  i18n: I18n;
  /** A dialogue left alone this long is forgotten. */
  dialogueTimeoutMs: number;
  /** Milliseconds since the epoch; replaceable so tests can fix "today". */
  clock: () => number;
  /** The working-day calendar the deadline calculator counts with (the services'). */
  calendar: WorkCalendar;
  /** Counts cards shown and their 👍 / 👎 (absent offline: no rating buttons). */
  cardInsight?: CardInsight;
  /** Sends the deadline timeline and the SOS card as pictures (absent: text only). */
  pictures?: PictureSender;
}

/** The guided dialogues: the walk through the cards, which takes a walking person's updates first, and the ways into them all. */
export interface DialoguesFeature {
  /** Installed where dialogues take their updates (right after the conversations plugin). */
  cardWalk: MiddlewareFn<BotContext>;
  /** The commands and buttons that open the cards and the calculator. */
  entries: Composer<BotContext>;
}

/** The guided dialogues (rights, documents, hotlines, SOS, deadlines) and the ways into them. */
export function dialoguesFeature(options: DialoguesOptions): DialoguesFeature {
  const feature = new Composer<BotContext>();
  const walk = cardWalk({ content: options.content, i18n: options.i18n, timeoutMs: options.dialogueTimeoutMs, insight: options.cardInsight, pictures: options.pictures });
  feature.use(
    createDialogue(deadlinesCalculator(options.i18n, options.clock, options.calendar, options.pictures), {
      id: DEADLINES_CALCULATOR,
      maxMillisecondsToWait: options.dialogueTimeoutMs,
    }),
  );

  const openCards = async (ctx: BotContext, cardId: string) => {
    await acknowledge(ctx);
    await ctx.conversation.exitAll();
    await walk.open(ctx, cardId);
  };
  const openCalculator = async (ctx: BotContext) => {
    await acknowledge(ctx);
    walk.end(ctx);
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(DEADLINES_CALCULATOR);
  };

  feature.command('sos', (ctx) => openCards(ctx, SOS_CARD_ID));
  feature.command('cancel', async (ctx) => {
    walk.end(ctx);
    await ctx.conversation.exitAll();
    await showMainMenu(ctx);
  });

  feature.callbackQuery(
    callbackPattern('open-card'),
    withArgs([z.string()], async (ctx, [cardId]) => {
      // A card removed since the button was sent is stale too.
      if (!options.content.card(ctx.lang, cardId)) return showStaleButton(ctx);
      await openCards(ctx, cardId);
    }),
  );
  feature.callbackQuery(
    callbackPattern('open-dialogue'),
    withArgs([z.enum([DEADLINES_CALCULATOR, ...Object.keys(DIALOGUE_START_CARDS)])], async (ctx, [dialogue]) => {
      const start = DIALOGUE_START_CARDS[dialogue];
      await (start ? openCards(ctx, start) : openCalculator(ctx));
    }),
  );
  // The cards hand "calculate my deadlines" over to the calculator.
  feature.callbackQuery(encodeCallback({ kind: 'dialogue-choice', choice: 'calculator' }), openCalculator);
  feature.callbackQuery(encodeCallback({ kind: 'dialogue-choice', choice: 'hotlines' }), (ctx) => openCards(ctx, HOTLINES_CARD_ID));
  // The SOS card's own buttons still work once its dialogue is over (a card pinned days ago).
  const pictures = options.pictures;
  if (pictures) {
    feature.callbackQuery(encodeCallback({ kind: 'dialogue-choice', choice: SOS_CHOICES.picture }), async (ctx) => {
      await acknowledge(ctx);
      await pictures.sendSos(ctx);
    });
    feature.callbackQuery(encodeCallback({ kind: 'dialogue-choice', choice: SOS_CHOICES.pin }), async (ctx) => {
      await acknowledge(ctx);
      await pictures.pinSos(ctx);
    });
  }
  return { cardWalk: walk.middleware, entries: feature };
}
