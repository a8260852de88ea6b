import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/loader';
import { createLogger, type Logger } from './logger';
import { installProcessStop } from './process-stop';
import { startService } from './service';
import { parseSimulatorArgs, runSimulator } from './simulator/run-simulator';
import { StartupAborted } from './startup';

let logger: Logger | undefined;

// First of all, before anything that could hang: a stop signal during start-up ends the process at once.
const processStop = installProcessStop({
  log: (level, fields, message) => (logger ? logger[level](fields, message) : console.error(message)),
});

/**
 * Start-up. Without BOT_TOKEN the real bot runs in the terminal simulator (offline); with
 * BOT_TOKEN and REDIS_URL it serves Telegram by long polling or webhook (BOT_MODE).
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  if (!config.botToken) {
    processStop.whenServing(async () => undefined);
    await runSimulator(config, { ...parseSimulatorArgs(process.argv.slice(2)), input: process.stdin, output: process.stdout });
    return;
  }
  logger = createLogger(config.logLevel);
  logger.info({ node: process.version, pid: process.pid, mode: config.mode }, 'starting');
  const service = await startService(config, { logger, signal: processStop.startup });
  processStop.whenServing(() => service.stop());
  logger.info({ httpPort: service.httpPort }, 'ready');
  // Polling that gave up for good (after hours of failures) is a process to restart, not to keep.
  void service.failed.then(() => processStop.stopNow('polling failed', 1));
}

main().catch((error: unknown) => {
  if (error instanceof StartupAborted) {
    logger?.info('stopped during start-up');
    process.exit(0);
  }
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(error.message);
  } else {
    console.error('start-up failed:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
