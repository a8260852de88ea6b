import type { Config } from '../config';
import type { ContentLibrary } from '../content/loader';
import type { Logger } from '../logger';
import type { BotMetrics } from '../observability/metrics';
import type { RoleDirectory } from '../services/staff/staff-directory';
import type { I18n } from './i18n';

/**
 * What every feature module may use. Besides these, each feature gets from `createBot` only the
 * services it works with (built once by the composition root, `services/composition.ts`).
 */
export interface FeatureDeps {
  config: Config;
  i18n: I18n;
  logger: Logger;
  content: ContentLibrary;
  roles: RoleDirectory;
  /** Milliseconds since the epoch (tests fix it). */
  clock: () => number;
  /** Prometheus metrics; absent in tests and the simulator. */
  metrics?: BotMetrics;
  /**
   * Downloads a file Telegram holds for the bot, by the `file_path` getFile gave, from the same
   * Bot API root and over the same transport as every API call (tests and the simulator serve it).
   */
  downloadFile: (filePath: string) => Promise<Response>;
}
