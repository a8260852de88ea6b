import { spawn } from 'node:child_process';
import path from 'node:path';
import { connectTestRedis, deleteKeysWithPrefix, keysWithPrefix } from '../helpers/test-redis';

const ROOT = path.join(__dirname, '..', '..');

/** Runs `npm start`'s entry point offline with a script of inputs on stdin; resolves with stdout. */
function runSimulator(script: string[], args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    // The compiled entry point npm start runs (the test run's global set-up builds dist/).
    const child = spawn(process.execPath, ['dist/main.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, BOT_TOKEN: '', REDIS_URL: '', LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(script.join('\n') + '\n');
  });
}

describe('the terminal simulator (the README main command, offline)', () => {
  it('a Tajik speaker picks Тоҷикӣ and uses the menu in Tajik, from a script on stdin', async () => {
    // [1] is the pre-selected Тоҷикӣ; then menu entry 2 (police stop), its first button, and /menu.
    const { code, out } = await runSimulator(['1', '2', '1', '/menu', '/sos']);
    expect(code).toBe(0);
    expect(out).toContain('[1] ✓ Тоҷикӣ');
    expect(out).toContain('Забон: тоҷикӣ.');
    expect(out).toContain('Менюи асосӣ');
    expect(out).toMatch(/\[\d+\] 🏠 Менюи асосӣ/);
    // The police card shows its Tajik source and no checked date: the fact sheet gives the police rows none.
    expect(out).toContain('Манбаъ: Қонуни ФР «Дар бораи политсия» (3-ФЗ), моддаи 5, қисми 4');
    expect(out).not.toContain('Санҷида шуд: 24 ноябри соли 2026.');
    expect(out).toContain('SOS: покажите сотруднику полиции');
  }, 30_000);

  it('a person writes to a person; a simulated staff member answers in the staff group and closes the case', async () => {
    const script = ['1', '/person', '1', 'Бародарамро боздошт карданд', ':staff Салом! Дар куҷо?', 'Дар Москва', ':staff /cases', ':staff /close'];
    const { code, out } = await runSimulator(script);
    expect(code).toBe(0);
    expect(out).toContain('🤖 bot → 👥 staff group, topic');
    expect(out).toContain('📨 Обращение №1 · таджикский · задержание');
    expect(out).toContain('staff> Салом! Дар куҷо?');
    expect(out).toContain('👤 Корманди бот · муроҷиати №1');
    expect(out).toMatch(/staff group, topic \d+:\n {3}Дар Москва/);
    expect(out).toContain('• Обращение №1 · таджикский · задержание — ждёт');
    expect(out).toContain('Кормандони бот гуфтугӯро пӯшиданд (муроҷиати №1)');
    expect(out).toContain('✅ Обращение №1 закрыто. Человеку сообщили.');
  }, 30_000);

  it('without forum topics, staff answer by replying to the case in the group', async () => {
    const { code, out } = await runSimulator(['1', '/person', '2', 'Патентам гум шуд', ':staff Чи вақт?'], ['--staff-group', 'replies']);
    expect(code).toBe(0);
    expect(out).toContain('🤖 bot → 👥 staff group:\n   📨 Обращение №1 · таджикский · документы');
    expect(out).toContain('ответьте (reply) на это сообщение');
    expect(out).toContain('👤 Корманди бот · муроҷиати №1\n   \n   Чи вақт?');
  }, 30_000);

  it('plays an admin when asked, and tells which store it uses', async () => {
    const { code, out } = await runSimulator(['1', '/help'], ['--as', 'admin', '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toContain('in-memory store; you are an admin');
    expect(out).toContain('What this bot does');
  }, 30_000);

  it('uses Redis when REDIS_URL is given, under its own prefix', async () => {
    const prefix = `test:sim:${process.pid}:`;
    const redis = connectTestRedis();
    try {
      const { code, out } = await runSimulator(['1'], [], { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix });
      expect(code).toBe(0);
      expect(out).toContain('(Redis;');
      const keys = await keysWithPrefix(redis, prefix);
      expect(keys).toContain(`${prefix}sim:sess:v1:7000001`);
      expect(keys.every((key) => key.startsWith(`${prefix}sim:`))).toBe(true);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  }, 30_000);

  it('an admin sends a notice in three languages to simulated subscribers and watches it go out', async () => {
    const prefix = `test:simbc:${process.pid}:`;
    const redis = connectTestRedis();
    try {
      const script = ['1', '/broadcast', '1', '2', 'Станция X закрыта.', 'Истгоҳи X баста аст.', 'Station X is closed.', '1', '1', ':wait 10'];
      const { code, out } = await runSimulator(script, ['--as', 'admin', '--lang', 'en', '--subscribers', '6'], {
        REDIS_URL: process.env.TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
      });
      expect(code).toBe(0);
      expect(out).toContain('Recipients: 6 (Русский 2 · Тоҷикӣ 2 · English 2)');
      expect(out).toContain('Official notice of this bot');
      expect(out).toContain('Sent: 6 of 6');
      expect(out).toContain('notices delivered to simulated subscribers so far: 6');
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  }, 60_000);

  it('rejects a bad option with one line and exit code 1', async () => {
    const { code, err } = await runSimulator([], ['--as', 'root']);
    expect(code).toBe(1);
    expect(err).toContain('--as must be user, staff or admin');
  }, 30_000);
});
