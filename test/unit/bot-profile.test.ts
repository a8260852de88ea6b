import { Api } from 'grammy';
import { publishBotProfile } from '../../src/bot/bot-profile';
import { createLogger } from '../../src/logger';
import { FakeTelegram } from '../../src/simulator/fake-telegram';
import { testI18n } from '../helpers/harness';

describe('publishing the command list and descriptions', () => {
  it('sets commands and descriptions per language, Russian also as the default', async () => {
    const telegram = new FakeTelegram();
    const api = new Api('1:x', { fetch: telegram.fetch });
    const { failed } = await publishBotProfile(api, await testI18n(), createLogger('silent'));
    expect(failed).toBe(0);
    const commands = telegram.callsOf('setMyCommands');
    expect(commands.map((c) => c.payload.language_code ?? 'default')).toEqual(['ru', 'default', 'tg', 'en']);
    const tajik = commands.find((c) => c.payload.language_code === 'tg')!.payload.commands as Array<{ command: string; description: string }>;
    expect(tajik.find((c) => c.command === 'menu')!.description).toBe('Менюи асосӣ');
    expect(telegram.callsOf('setMyDescription')).toHaveLength(4);
    expect(telegram.callsOf('setMyShortDescription')).toHaveLength(4);
  });

  it('Telegram refusing does not stop start-up', async () => {
    const telegram = new FakeTelegram();
    telegram.failNext('*', { error_code: 401, description: 'Unauthorized' }, 100);
    const api = new Api('1:x', { fetch: telegram.fetch });
    await expect(publishBotProfile(api, await testI18n(), createLogger('silent'))).resolves.toEqual({ failed: 12 });
  });
});
