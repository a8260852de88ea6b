import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Node flags production starts the bot with: `config.nodeFlags` of package.json, which
 * `npm start` and `npm run worker` pass to node, and which the image's CMD repeats (a unit test
 * holds the two together). Benches and process tests start `dist/main.js` with them too, so what
 * they measure is what runs.
 */
export function productionNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return (manifest.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}
