import { spawn } from 'node:child_process';

/** What `node --version` prints for the Node binary at `node` (benches that run several Nodes label rows with it). */
export function nodeVersionOf(node: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(node, ['--version']);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', () => resolve(out.trim()));
  });
}
