import 'dotenv/config';
import { ConfigError, loadConfig } from '../config';
import { parseSimulatorArgs, runSimulator } from './run-simulator';

/** `npm run simulate -- --as admin --lang tg`: the bot in the terminal, whatever BOT_TOKEN says. */
async function main(): Promise<void> {
  // The simulator never talks to Telegram: a token in .env is not its business (nor the rules it brings).
  const config = loadConfig({ ...process.env, BOT_TOKEN: undefined });
  await runSimulator(config, { ...parseSimulatorArgs(process.argv.slice(2)), input: process.stdin, output: process.stdout });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
