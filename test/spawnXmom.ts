/**
 * `xmom ...args` as a real process for tests that need one (a separate process's exit
 * code, signals, files written by a child): `node --import tsx src/cli/bin.ts` from the
 * sources, so it needs no build; the compiled bin itself is run by test/pack.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface XmomRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `xmom ...args` in a child process from `cwd` (default the repository root); killed after `timeoutMs`. */
export function spawnXmom(args: string[], cwd = ROOT, timeoutMs = 120_000): Promise<XmomRun> {
  const t0 = performance.now();
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'src', 'cli', 'bin.ts'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}
