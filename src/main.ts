import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/loader';
import { startService } from './service';
import { parseSimulatorArgs, runSimulator } from './simulator/run-simulator';

/**
 * Start-up. Without BOT_TOKEN the real bot runs in the terminal simulator (offline); with
 * BOT_TOKEN and REDIS_URL it serves Telegram by long polling or webhook (BOT_MODE).
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  if (!config.botToken) {
    await runSimulator(config, { ...parseSimulatorArgs(process.argv.slice(2)), input: process.stdin, output: process.stdout });
    return;
  }
  if (!config.redisUrl) throw new ConfigError('Invalid configuration: REDIS_URL: required when BOT_TOKEN is set (sessions and dialogues live in Redis)');
  const service = await startService({ ...config, redisUrl: config.redisUrl });
  const shutDown = (signal: string) => {
    console.error(`${signal}: stopping`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutDown('SIGINT'));
  process.once('SIGTERM', () => shutDown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(error.message);
  } else {
    console.error('start-up failed:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
