import type { Api } from 'grammy';
import type { Logger } from '../logger';
import { LANGUAGES } from '../services/languages';
import { describeError } from './middlewares/error-boundary';
import type { I18n } from './i18n';

/** The commands shown in Telegram's "/" menu, in this order. */
export const PUBLIC_COMMANDS = ['menu', 'sos', 'person', 'reminders', 'language', 'settings', 'help', 'privacy', 'cancel', 'start'] as const;

/**
 * Publishes the command list and the bot's descriptions in each language (Telegram shows the one
 * matching the user's app language; Russian is also set as the default for everyone else).
 * Telegram refusing is logged, never fatal: the bot works without these niceties.
 */
export async function publishBotProfile(api: Api, i18n: I18n, logger: Logger): Promise<{ failed: number }> {
  let failed = 0;
  const attempt = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (error) {
      failed++;
      logger.warn({ what, err: describeError(error) }, 'could not publish bot profile');
    }
  };
  for (const language of LANGUAGES) {
    const t = i18n.translatorFor(language);
    const commands = PUBLIC_COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) }));
    const scopes = language === 'ru' ? [language, undefined] : [language];
    for (const languageCode of scopes) {
      const scope = languageCode ? { language_code: languageCode } : {};
      await attempt(`commands:${languageCode ?? 'default'}`, () => api.setMyCommands(commands, scope));
      await attempt(`description:${languageCode ?? 'default'}`, () => api.setMyDescription(t('profile.description'), scope));
      await attempt(`short-description:${languageCode ?? 'default'}`, () =>
        api.setMyShortDescription(t('profile.short-description'), scope),
      );
    }
  }
  return { failed };
}
