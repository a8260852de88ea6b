import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { productionNodeFlags } from '../../bench/lib/production-node';

/**
 * The container files (Dockerfile, .dockerignore, docker-compose.yml) are checked by reading them:
 * these machines have no Docker engine. Each test states a property the image or the stack needs to
 * work, not the exact text.
 */

const ROOT = path.join(__dirname, '..', '..');
const readRoot = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const packageJson = JSON.parse(readRoot('package.json')) as {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

// ---------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let buffer = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && buffer === '')) return;
    if (buffer === '') startLine = index + 1;
    if (/\\\s*$/.test(line)) {
      buffer += line.replace(/\\\s*$/, ' ');
      return;
    }
    buffer += line;
    const match = /^\s*(\S+)\s*(.*)$/s.exec(buffer);
    if (match) out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: startLine });
    buffer = '';
  });
  if (buffer.trim()) throw new Error('Dockerfile ends inside a continued line');
  return out;
}

function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--platform'));
      const asIndex = words.findIndex((w) => w.toLowerCase() === 'as');
      stages.push({ image: words[0]!, name: asIndex > 0 ? words[asIndex + 1] : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return stages;
}

/** Leading --flag=value options of COPY or HEALTHCHECK, and the rest. */
function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args.trim();
  for (let m = /^--([\w-]+)(?:=(\S+))?\s+/.exec(rest); m; m = /^--([\w-]+)(?:=(\S+))?\s+/.exec(rest)) {
    flags[m[1]!] = m[2] ?? '';
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** ENV in both forms: `ENV A=1 B=2` and the legacy `ENV A 1`. */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    if (!/^[\w.-]+=/.test(args)) {
      const [key, ...value] = args.split(/\s+/);
      env[key!] = value.join(' ');
      continue;
    }
    for (const m of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
      env[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/s, '$2');
    }
  }
  return env;
}

function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  return JSON.parse(args) as string[];
}

/** Seconds of a Docker/Go duration such as "30s", "1m30s". */
function durationSeconds(text: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a duration: ${text}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

/** Where in the image each COPY of a stage puts each source (absolute paths). */
function copiesOf(stage: Stage): { from?: string; source: string; target: string }[] {
  const out: { from?: string; source: string; target: string }[] = [];
  let workdir = '/';
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, instruction.args);
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const { flags, rest } = splitFlags(instruction.args);
    const words = execForm(rest) ?? rest.split(/\s+/);
    const sources = words.slice(0, -1);
    const destination = words[words.length - 1]!;
    const destinationIsDir = destination.endsWith('/') || sources.length > 1;
    const base = path.posix.resolve(workdir, destination);
    for (const source of sources) {
      const target = destinationIsDir ? path.posix.join(base, path.posix.basename(source)) : base;
      out.push({ from: flags.from, source: source.replace(/\/$/, ''), target });
    }
  }
  return out;
}

const dockerfile = readRoot('Dockerfile');
const stages = stagesOf(parseDockerfile(dockerfile));
const runtime = stages[stages.length - 1]!;
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const installsAll = (stage: Stage) => runs(stage).some((r) => /\bnpm ci\b/.test(r) && !/--omit[= ]dev|--production\b/.test(r));
const installsProductionOnly = (stage: Stage) =>
  runs(stage).some((r) => /\bnpm (ci|prune)\b[^&;|]*--omit[= ]dev/.test(r) || /\bnpm (ci|prune)\b[^&;|]*--production\b/.test(r));
const typechecks = (stage: Stage) => runs(stage).some((r) => /\btsc\b[^&;|]*--noEmit/.test(r));
const stageByName = (name: string | undefined) => stages.find((s) => s.name !== undefined && s.name === name);
const last = (stage: Stage, keyword: string) => [...stage.instructions].reverse().find((i) => i.keyword === keyword);

/** Node release lines with long-term support: the even ones up to 26; from 27 on every line. */
const isLtsLine = (major: number) => major % 2 === 0 || major >= 27;

describe('Dockerfile', () => {
  it('is multi-stage, with a stage that installs every dependency and typechecks', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => installsAll(s) && typechecks(s));
    expect(build).toBeDefined();
    // NODE_ENV=production before `npm ci` would leave out typescript and the types.
    const buildEnvBeforeInstall = build!.instructions.slice(
      0,
      build!.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)),
    );
    expect(envOf({ ...build!, instructions: buildEnvBeforeInstall }).NODE_ENV).toBeUndefined();
  });

  it('uses one current Node LTS slim Debian image in every stage, new enough for package.json engines', () => {
    const images = new Set(stages.filter((s) => !stageByName(s.image)).map((s) => s.image));
    expect(images.size).toBe(1);
    const [image] = [...images];
    const match = /^node:(\d+)-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/.exec(image!);
    expect(match).not.toBeNull();
    const major = Number(match![1]);
    expect(isLtsLine(major)).toBe(true);
    expect(major).toBeGreaterThanOrEqual(22); // 20 reached its end of life in April 2026
    const engineMinimum = Number(/(\d+)/.exec(packageJson.engines?.node ?? '0')![1]);
    expect(major).toBeGreaterThanOrEqual(engineMinimum);
  });

  it('builds the runtime image from the typechecked stage, so the typecheck gates every build', () => {
    // BuildKit builds only the stages the target needs: a typecheck stage nobody copies from is skipped.
    const sourceStages = copiesOf(runtime).map((c) => stageByName(c.from));
    expect(sourceStages.some((stage) => stage !== undefined && typechecks(stage))).toBe(true);
  });

  it('gives the runtime production dependencies only: no run-time transpiler, no TypeScript', () => {
    expect(packageJson.dependencies?.tsx).toBeUndefined();
    expect(packageJson.dependencies?.typescript).toBeUndefined();
    const nodeModules = copiesOf(runtime).filter((c) => c.target === '/app/node_modules');
    expect(nodeModules).toHaveLength(1);
    const source = stageByName(nodeModules[0]!.from);
    expect(source).toBeDefined();
    expect(installsProductionOnly(source!)).toBe(true);
    // i18next's optional peer keeps typescript through --omit=dev: the stage must remove it.
    expect(runs(source!).some((r) => /\brm -rf\b[^&;|]*node_modules\/typescript\b/.test(r))).toBe(true);
    expect(installsAll(runtime)).toBe(false);
  });

  it('compiles src/ to dist/ in the typechecked stage, and the runtime runs that', () => {
    const build = stages.find((s) => typechecks(s))!;
    expect(runs(build).some((r) => /\btsc -p tsconfig\.build\.json\b/.test(r))).toBe(true);
    const buildConfig = JSON.parse(readRoot('tsconfig.build.json')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(buildConfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
    const dist = copiesOf(runtime).find((c) => c.target === '/app/dist');
    expect(stageByName(dist?.from)).toBe(build);
    expect(copiesOf(runtime).some((c) => c.target === '/app/src')).toBe(false);
  });

  it('sets NODE_ENV=production and LANG=C.UTF-8 in the runtime stage', () => {
    expect(envOf(runtime)).toMatchObject({ NODE_ENV: 'production', LANG: 'C.UTF-8' });
  });

  it('copies into /app everything the bot reads at run time', () => {
    // The content loader reads <cwd>/content, i18n reads locales/ next to dist/ (as next to src/), the
    // pictures read their font from assets/fonts/ next to dist/.
    expect(last(runtime, 'WORKDIR')?.args).toBe('/app');
    const targets = new Set(copiesOf(runtime).map((c) => c.target));
    expect(targets.has('/app/dist')).toBe(true);
    for (const needed of ['locales', 'content', 'assets', 'package.json', 'package-lock.json']) {
      expect(existsSync(path.join(ROOT, needed))).toBe(true);
      expect([needed, targets.has(`/app/${needed}`)]).toEqual([needed, true]);
    }
  });

  it('runs as a non-root user, set before CMD and never switched back', () => {
    const userIndex = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    const cmdIndex = runtime.instructions.findIndex((i) => i.keyword === 'CMD');
    expect(userIndex).toBeGreaterThanOrEqual(0);
    expect(userIndex).toBeLessThan(cmdIndex);
    const user = last(runtime, 'USER')!.args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
  });

  it('starts the compiled bot with node itself (signals reach it), not npm or a transpiler', () => {
    expect(last(runtime, 'ENTRYPOINT')).toBeUndefined(); // the image's entrypoint execs node
    const cmd = execForm(last(runtime, 'CMD')?.args ?? '');
    // With the flags `npm start` passes (package.json's config.nodeFlags), so both run the same process.
    expect(cmd).toEqual(['node', ...productionNodeFlags(), 'dist/main.js']);
    expect(productionNodeFlags().length).toBeGreaterThan(0);
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain('exec node $npm_package_config_nodeFlags dist/main.js');
    expect(scripts.worker).toContain('exec node $npm_package_config_nodeFlags dist/worker.js');
    expect(existsSync(path.join(ROOT, 'src', 'main.ts'))).toBe(true);
  });

  it('exposes the health/metrics port 8080 and stops on SIGTERM', () => {
    expect(runtime.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/))).toContain('8080');
    expect(last(runtime, 'STOPSIGNAL')?.args).toBe('SIGTERM');
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = last(runtime, 'HEALTHCHECK');
    const { flags, rest } = splitFlags(healthcheck?.args ?? '');
    const command = execForm(rest.replace(/^CMD\s+/, '')) ?? [];

    it('asks /healthz on 127.0.0.1:8080 with node (slim images have no curl), with bounded timing', () => {
      expect(healthcheck).toBeDefined();
      expect(command[0]).toBe('node');
      const script = command.join(' ');
      expect(script).toMatch(/127\.0\.0\.1/);
      expect(script).toMatch(/\/healthz/);
      expect(script).toMatch(/8080/);
      expect(script).not.toMatch(/\b(curl|wget)\b/);
      for (const flag of ['interval', 'timeout', 'retries']) expect(flags[flag]).toBeDefined();
      expect(durationSeconds(flags.timeout!)).toBeLessThan(durationSeconds(flags.interval!));
      expect(Number(flags.retries)).toBeGreaterThanOrEqual(2);
    });

    /** Runs the healthcheck command against a local server answering /healthz with `status`. */
    async function probe(status: number | 'none'): Promise<number | null> {
      let server: Server | undefined;
      let port = 1; // nothing listens there
      if (status !== 'none') {
        server = createServer((req, res) => {
          res.statusCode = req.url === '/healthz' ? status : 404;
          res.end();
        });
        await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
        port = (server.address() as AddressInfo).port;
      }
      try {
        const child = spawn(process.execPath, command.slice(1), {
          env: { ...process.env, HTTP_PORT: String(port) },
          stdio: 'ignore',
        });
        return await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      } finally {
        await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      }
    }

    it('really succeeds on 200 and fails on 503 or when nothing listens', async () => {
      expect(await probe(200)).toBe(0);
      expect(await probe(503)).not.toBe(0);
      expect(await probe('none')).not.toBe(0);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// .dockerignore

/** True when a .dockerignore excludes `file` (a path relative to the context). */
function dockerignored(patterns: string[], file: string): boolean {
  const toRegExp = (glob: string) =>
    new RegExp(
      '^' +
        glob
          .replace(/^\/+|\/+$/g, '')
          .split('')
          .map((c, i, all) => {
            if (c === '*' && all[i + 1] === '*') return '';
            if (c === '*' && all[i - 1] === '*') return '.*';
            if (c === '*') return '[^/]*';
            if (c === '?') return '[^/]';
            return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
          })
          .join('') +
        '(/.*)?$',
    );
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (toRegExp(negated ? pattern.slice(1) : pattern).test(file)) ignored = !negated;
  }
  return ignored;
}

function filesUnder(relative: string): string[] {
  const full = path.join(ROOT, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).flatMap((entry) => filesUnder(path.posix.join(relative, entry)));
}

describe('.dockerignore', () => {
  const patterns = readRoot('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps node_modules, git, secrets and test output out of the build context', () => {
    for (const path of ['node_modules', 'node_modules/grammy/package.json', '.git', '.env', 'coverage', 'dist']) {
      expect([path, dockerignored(patterns, path)]).toEqual([path, true]);
    }
  });

  it('keeps every file the Dockerfile copies from the context', () => {
    const contextSources = stages.flatMap((s) => copiesOf(s).filter((c) => c.from === undefined).map((c) => c.source));
    expect(contextSources.length).toBeGreaterThan(0);
    for (const file of contextSources.flatMap((s) => filesUnder(s.replace(/^\.\//, '')))) {
      expect([file, dockerignored(patterns, file)]).toEqual([file, false]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

/** A value of the compose file as the `yaml` package reads it. */
type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

type Service = { [key: string]: Yaml };
/** A scalar as text (a collection as JSON, so a misplaced map shows in the failure). */
const text = (value: Yaml | undefined): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
const asMap = (value: Yaml | undefined): { [key: string]: Yaml } =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {};
const asList = (value: Yaml | undefined): Yaml[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
/** `environment` as a map or as a list of KEY=value. */
function environmentOf(service: Service): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) return Object.fromEntries(env.map((e) => text(e).split(/=(.*)/s).slice(0, 2) as [string, string]));
  return Object.fromEntries(Object.entries(asMap(env)).map(([k, v]) => [k, text(v)]));
}
/** ${VAR:-default} as compose resolves it when VAR is unset. */
const withDefaults = (text: string) => text.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  const raw = readRoot('docker-compose.yml');
  const document = parseDocument(raw);
  const compose = asMap(document.toJS() as Yaml);
  const services = asMap(compose.services);
  const redis = asMap(services.redis);
  const bot = asMap(services.bot);

  it('is YAML without errors or warnings (duplicate keys included), with the redis and bot services', () => {
    expect(document.errors.map((e) => e.message)).toEqual([]);
    expect(document.warnings.map((w) => w.message)).toEqual([]);
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'bot']));
  });

  it('runs Redis with AOF persistence on a named volume, healthchecked, not published', () => {
    expect(text(redis.image)).toMatch(/^redis:[78](\.\d+)*-alpine$/);
    const command = Array.isArray(redis.command) ? redis.command.map(text) : text(redis.command ?? '').split(/\s+/);
    expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
    expect(command.indexOf('--appendonly')).toBeGreaterThanOrEqual(0);
    const dataVolume = asList(redis.volumes).map(String).find((v) => v.split(':')[1] === '/data');
    expect(dataVolume).toBeDefined();
    expect(Object.keys(asMap(compose.volumes))).toContain(dataVolume!.split(':')[0]);
    expect(asList(asMap(redis.healthcheck).test).map(text).join(' ')).toMatch(/redis-cli ping/);
    expect(redis.ports).toBeUndefined(); // Redis has no password: only the bot may reach it
  });

  it('builds the bot from this Dockerfile with .env, Redis by service name, after Redis is healthy', () => {
    expect(bot.build === '.' || asMap(bot.build).context === '.').toBe(true);
    expect(asList(bot.env_file).map((e) => (typeof e === 'string' ? e : text(asMap(e).path)))).toContain('.env');
    expect(environmentOf(bot).REDIS_URL).toBe('redis://redis:6379');
    expect(asMap(asMap(bot.depends_on).redis).condition).toBe('service_healthy');
    expect(bot.restart).toBe('unless-stopped');
  });

  it('publishes the health/metrics port 8080 and gives the bot 30 s to stop', () => {
    const containerPorts = asList(bot.ports).map((p) => withDefaults(text(p)).split(':').pop());
    expect(containerPorts).toContain('8080');
    expect(durationSeconds(text(bot.stop_grace_period))).toBeGreaterThanOrEqual(30);
  });

  it('offers the broadcast worker with the same configuration', () => {
    const worker = services.worker;
    if (worker === undefined) {
      // Commented out until the worker exists.
      expect(raw).toMatch(/^\s*#\s*worker:\s*$/m);
      expect(raw).toMatch(/^\s*#\s*command: \["node", "dist\/worker\.js"\]\s*$/m);
      return;
    }
    const service = asMap(worker);
    expect(asList(service.command).map(String).join(' ')).toMatch(/dist\/worker\.js/);
    expect(environmentOf(service).REDIS_URL).toBe('redis://redis:6379');
    expect(asMap(asMap(service.depends_on).redis).condition).toBe('service_healthy');
  });
});
