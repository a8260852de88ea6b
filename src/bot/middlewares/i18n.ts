import type { Middleware } from 'grammy';
import { guessLanguage, type Language } from '../../services/languages';
import type { BotContext, I18nFlavor } from '../context';
import type { I18n } from '../i18n';

/** Binds `ctx.t` and `ctx.lang` to the user's language for this update. */
export function i18nMiddleware(i18n: I18n): Middleware<BotContext> {
  return (ctx, next) => {
    const picked = ctx.from ? ctx.session.language : undefined;
    bindLanguage(ctx, i18n, picked ?? guessLanguage(ctx.from?.language_code));
    return next();
  };
}

/** Points a context's translator at `language` (also used after the user switches language mid-update). */
export function bindLanguage(ctx: I18nFlavor, i18n: I18n, language: Language): void {
  ctx.lang = language;
  ctx.t = i18n.translatorFor(language);
}
