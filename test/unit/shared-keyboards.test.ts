import { mainMenuKeyboard, sharedBackToMenuKeyboard, sharedMainMenuKeyboard } from '../../src/bot/keyboards/main-menu';
import { renderNoMatch } from '../../src/bot/render/faq-view';
import { testI18n } from '../helpers/harness';

describe('keyboards shared by every screen that shows them as they are', () => {
  it('given a language, the main menu is built once and equals a freshly built one', async () => {
    const t = (await testI18n()).translatorFor('tg');
    expect(sharedMainMenuKeyboard(t)).toBe(sharedMainMenuKeyboard(t));
    expect(sharedMainMenuKeyboard(t).inline_keyboard).toEqual(mainMenuKeyboard(t).inline_keyboard);
    expect(sharedBackToMenuKeyboard(t)).toBe(sharedBackToMenuKeyboard(t));
  });

  it('given another language, its own menu', async () => {
    const i18n = await testI18n();
    const [ru, en] = [sharedMainMenuKeyboard(i18n.translatorFor('ru')), sharedMainMenuKeyboard(i18n.translatorFor('en'))];
    expect(ru).not.toBe(en);
    expect(JSON.stringify(ru.inline_keyboard)).not.toEqual(JSON.stringify(en.inline_keyboard));
  });

  it('when a screen adds buttons to the menu (no FAQ match: a hotlines button), the shared menu stays as it was', async () => {
    const t = (await testI18n()).translatorFor('ru');
    const before = JSON.stringify(sharedMainMenuKeyboard(t).inline_keyboard);
    const noMatch = renderNoMatch(t);
    expect(JSON.stringify(noMatch.keyboard?.inline_keyboard)).not.toEqual(before);
    expect(JSON.stringify(sharedMainMenuKeyboard(t).inline_keyboard)).toEqual(before);
  });
});
