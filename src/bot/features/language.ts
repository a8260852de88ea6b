import { Composer } from 'grammy';
import { z } from 'zod';
import { guessLanguage, LANGUAGES, type Language } from '../../services/languages';
import type { SessionData } from '../../storage/session-data';
import type { BotContext, I18nFlavor } from '../context';
import type { I18n } from '../i18n';
import { withArgs } from '../callback-args';
import { callbackPattern } from '../keyboards/callback-data';
import { languagePicker } from '../keyboards/language-picker';
import { mainMenuKeyboard, sharedMainMenuKeyboard } from '../keyboards/main-menu';
import { subscriptionOfferKeyboard } from '../keyboards/subscription-offer';
import { bindLanguage } from '../middlewares/i18n';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../respond';

/** Sends the language picker with the most likely language pre-selected. */
export async function sendLanguagePicker(ctx: BotContext | (I18nFlavor & Parameters<typeof showScreen>[0])): Promise<void> {
  await showScreen(ctx, ctx.t('language.choose'), languagePicker(ctx.lang));
}

/** Stores the user's choice and switches this update's translator to it. */
export function rememberLanguage(ctx: I18nFlavor & { session: SessionData }, i18n: I18n, language: Language): void {
  ctx.session.language = language;
  bindLanguage(ctx, i18n, language);
}

/** /start, /language and the language buttons; `offerSubscription` when safety notices can be stored. */
export function languageFeature(i18n: I18n, options: { offerSubscription: boolean }): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  // The greeting and picker of each language, built once: /start is every new person's first update.
  const greetings = new Map<Language, { text: string; options: Parameters<BotContext['reply']>[1] }>();
  const greetingIn = (language: Language) => {
    let greeting = greetings.get(language);
    if (!greeting) {
      const t = i18n.translatorFor(language);
      greeting = { text: `${t('start.greeting')}\n\n${t('language.choose')}`, options: { ...MESSAGE_OPTIONS, reply_markup: languagePicker(language) } };
      greetings.set(language, greeting);
    }
    return greeting;
  };

  feature.command('start', async (ctx) => {
    // A returning user keeps their language; a new one sees a guess, which they confirm by tapping.
    const guess = ctx.session.language ?? guessLanguage(ctx.from?.language_code);
    bindLanguage(ctx, i18n, guess);
    const { text, options } = greetingIn(guess);
    await ctx.reply(text, options);
  });

  feature.command('language', sendLanguagePicker);
  feature.callbackQuery(
    callbackPattern('open-language-picker'),
    withArgs([], async (ctx) => {
      await acknowledge(ctx);
      await sendLanguagePicker(ctx);
    }),
  );

  feature.callbackQuery(
    callbackPattern('set-language'),
    withArgs([z.enum(LANGUAGES)], async (ctx, [language]) => {
    const firstChoice = ctx.session.language === undefined;
    rememberLanguage(ctx, i18n, language);
    await acknowledge(ctx, ctx.t('language.changed'));
    const menu = `${ctx.t('language.changed')}\n\n${ctx.t('menu.title')}`;
    if (firstChoice && options.offerSubscription) {
      // Safety notices are offered once, on top of the first menu: one message, nothing to scroll past.
      const keyboard = subscriptionOfferKeyboard(ctx.t).row().append(mainMenuKeyboard(ctx.t));
      return showScreen(ctx, `${menu}\n\n${ctx.t('subscriptions.ask')}`, keyboard);
    }
    await showScreen(ctx, menu, sharedMainMenuKeyboard(ctx.t));
    }),
  );

  return feature;
}
