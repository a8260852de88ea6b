import { useBotFixture } from '../helpers/bot-fixture';
import type { TestBot } from '../helpers/harness';

describe('language picker, menu and unknown input', () => {
  const fixture = useBotFixture('lang');
  let bot: TestBot;

  beforeEach(async () => {
    bot = await fixture.bot();
  });

  it.each([
    ['tg', 'Тоҷикӣ', 'Салом!'],
    ['ru', 'Русский', 'Здравствуйте!'],
    ['en', 'English', 'Hello!'],
    ['de', 'English', 'Hello!'],
    [undefined, 'English', 'Hello!'],
  ])('given Telegram language %s, /start greets in the likely language and pre-selects %s', async (code, preselected, greeting) => {
    const user = bot.user(101, code);
    const [reply] = await user.send('/start');
    expect(reply!.text).toContain(greeting);
    expect(user.buttons()[0]!.text).toBe(`✓ ${preselected}`);
    expect(user.buttons().map((b) => b.text.replace('✓ ', '')).sort()).toEqual(['English', 'Русский', 'Тоҷикӣ']);
  });

  it.each([
    ['Тоҷикӣ', 'Менюи асосӣ', 'Ҳуҷҷатҳои ман', 'Забон: тоҷикӣ.'],
    ['Русский', 'Главное меню', 'Мои документы', 'Язык: русский.'],
    ['English', 'Main menu', 'My documents', 'Language: English.'],
  ])('a user who picks %s gets the main menu in it, and every later message too', async (language, menuTitle, documentsEntry, confirmation) => {
    const user = bot.user(102, 'en');
    await user.send('/start');
    const [menu] = await user.press(language);
    expect(menu!.text).toContain(confirmation);
    expect(menu!.text).toContain(menuTitle);
    expect(user.buttons().some((b) => b.text.includes(documentsEntry))).toBe(true);

    const [help] = await user.send('/help');
    const helpTitle = { Тоҷикӣ: 'Ин бот чӣ кор карда метавонад', Русский: 'Что умеет этот бот', English: 'What this bot does' }[language]!;
    expect(help!.text).toContain(helpTitle);
  });

  it('the language can be changed at any moment with /language and with the menu button', async () => {
    const user = bot.user(103, 'ru');
    await user.send('/start');
    await user.press('Русский');
    await user.send('/language');
    await user.press('Тоҷикӣ');
    const [menu] = await user.send('/menu');
    expect(menu!.text).toContain('Менюи асосӣ');

    await user.press('Забон');
    await user.press('English');
    const [again] = await user.send('/menu');
    expect(again!.text).toContain('Main menu');
  });

  it('the picked language overrides what Telegram reports', async () => {
    const user = bot.user(104, 'ru');
    await user.send('/start');
    await user.press('Тоҷикӣ');
    const [reply] = await user.send('/help');
    expect(reply!.text).toContain('Ин бот чӣ кор карда метавонад');
  });

  it('a Tajik user typing free text or an unknown command gets a Tajik answer and the menu, never silence', async () => {
    const user = bot.user(105, 'ru');
    await user.send('/start');
    await user.press('Тоҷикӣ');
    const [onText] = await user.send('салом, ба ман кумак лозим');
    expect(onText!.text).toContain('Менюи асосӣ');
    expect(onText!.text).not.toMatch(/[a-z]{4,}/i);
    const [onCommand] = await user.send('/doesnotexist');
    expect(onCommand!.text).toContain('Чунин фармон нест.');
    expect(user.buttons().length).toBeGreaterThan(3);
  });

  it('stickers and photos get a clear answer in the user language', async () => {
    const user = bot.user(106, 'tg');
    await user.send('/start');
    await user.press('Тоҷикӣ');
    const [onSticker] = await user.sendSticker();
    expect(onSticker!.text).toContain('Ман танҳо матн ва тугмаҳоро мефаҳмам');
    const [onPhoto] = await user.sendPhoto();
    expect(onPhoto!.text).toContain('Ман танҳо матн ва тугмаҳоро мефаҳмам');
  });

  it('the chosen language outlives the bot instance: a second bot on the same Redis answers in it', async () => {
    const first = bot.user(108, 'en');
    await first.send('/start');
    await first.press('Тоҷикӣ');

    const restarted = await fixture.bot();
    const [reply] = await restarted.user(108, 'en').send('/menu');
    expect(reply!.text).toContain('Менюи асосӣ');
  });

  it('sessions are stored under the configured prefix with a version and expire after the configured time', async () => {
    const short = await fixture.bot({ config: { sessionTtlSeconds: 120 } });
    const user = short.user(109, 'ru');
    await user.send('/start');
    await user.press('Русский');
    const key = `${fixture.prefix}sess:v1:109`;
    // The language, and the hint that no dialogue is open (so dialogue state is not read on every update).
    expect(JSON.parse((await fixture.redis.get(key))!)).toEqual({ language: 'ru', dialogueOpen: false });
    const ttl = await fixture.redis.ttl(key);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('a new person\'s first updates never ask the dialogue store (a new session means no dialogue), walking the cards keeps to the session, and the calculator writes it', async () => {
    const monitor = await fixture.redis.monitor();
    const dialogueCommands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.startsWith(`${fixture.prefix}conv:`) && arg.endsWith(':110'))) dialogueCommands.push(args[0]!.toLowerCase());
    });
    try {
      const user = bot.user(110, 'en');
      await user.send('/start');
      await user.press('English');
      await user.send('/menu');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(dialogueCommands).toEqual([]);
      // The cards' walk lives in the session: the dialogue store is not touched.
      await user.press('The police stopped me');
      await user.press('I was taken to a police station');
      await user.press('Back');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(dialogueCommands).toEqual([]);
      await user.send('/menu');
      await user.press('📅 Calculate my deadlines');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(dialogueCommands).toEqual(['set']);
    } finally {
      monitor.disconnect();
    }
  });
});
