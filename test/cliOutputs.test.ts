// Output paths checked before any work, existing reports kept without --force, and flag
// values refused with a reason (issue 12, items 6 and 8). The CLI runs in this process
// through `main(argv)`. "Before any work" is shown by order: the output error wins over a
// data file that does not exist, which the command would otherwise read first.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xmom } from './xmomInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'xmom-cli-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tmp = (name: string): string => join(dir, name);
const MISSING = tmp('no-such-prices.csv');

/** Runs the CLI in this process (test/xmomInProcess.ts); returns its exit code and what it wrote. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await xmom(args);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 with one `xmom: ` line containing every fragment. */
function expectUsage(r: { code: number; stderr: string }, ...fragments: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^xmom: /);
  for (const f of fragments) expect(r.stderr).toContain(f);
}

describe('--out is checked before any work', () => {
  it('backtest --out <an existing file> exits 2 naming the file before reading the data (was a raw EEXIST after the backtest)', async () => {
    const file = tmp('a-file');
    writeFileSync(file, 'not a folder');
    expectUsage(await cli(['backtest', 'dual-momentum', '--data', MISSING, '--out', file]), 'is a file, not a folder');
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('grid --out <an existing file> exits 2 before reading the data or running a point', async () => {
    const file = tmp('grid-file');
    writeFileSync(file, 'x');
    expectUsage(await cli(['grid', 'dual-momentum', 'lookback=20,40', '--data', MISSING, '--workers', '0', '--out', file]), 'is a file, not a folder');
  });

  it('backtest --out under a path whose parent is a file exits 2', async () => {
    const file = tmp('parent-file');
    writeFileSync(file, 'x');
    expectUsage(await cli(['backtest', 'tsm', '--data', MISSING, '--out', join(file, 'sub', 'dir')]), 'cannot be created', 'is a file');
  });

  it('backtest --out <a folder holding report.html> exits 2 and keeps it; --force replaces it', async () => {
    const out = tmp('bt');
    mkdirSync(out);
    writeFileSync(join(out, 'report.html'), 'SENTINEL');
    expectUsage(await cli(['backtest', 'dual-momentum', '--data', MISSING, '--out', out]), 'already holds report.html', '--force');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('SENTINEL');
    const ok = await cli(['backtest', 'dual-momentum', '--lookback', '60', '--no-benchmarks', '--out', out, '--force', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(existsSync(join(out, 'series.json'))).toBe(true);
  }, 60_000);

  it('grid --out <a folder holding results.arrow> exits 2 without --force', async () => {
    const out = tmp('grid');
    mkdirSync(out);
    writeFileSync(join(out, 'results.arrow'), 'SENTINEL');
    expectUsage(await cli(['grid', 'tsm', 'lookback=20,40', '--data', MISSING, '--workers', '0', '--out', out]), 'already holds results.arrow', '--force');
    expect(readFileSync(join(out, 'results.arrow'), 'utf8')).toBe('SENTINEL');
  });

  it('report --out <a folder holding report.html> exits 2 without --force and replaces it with --force', async () => {
    const src = tmp('src');
    const made = await cli(['backtest', 'tsm', '--lookback', '60', '--no-benchmarks', '--out', src, '--json']);
    expect(made.code, made.stderr).toBe(0);
    const out = tmp('rep');
    mkdirSync(out);
    writeFileSync(join(out, 'report.html'), 'SENTINEL');
    expectUsage(await cli(['report', join(src, 'series.json'), '--out', out]), 'already holds report.html');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('SENTINEL');
    const ok = await cli(['report', join(src, 'series.json'), '--out', out, '--force']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toBe('SENTINEL');
  }, 60_000);

  it('demo --out <a folder holding report.html> exits 2 without --force (its default folder out/ is its own)', async () => {
    const out = tmp('demo');
    mkdirSync(out);
    writeFileSync(join(out, 'report.html'), 'SENTINEL');
    expectUsage(await cli(['demo', '--out', out]), 'already holds report.html');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('SENTINEL');
  });
});

describe('flag values that cannot mean what they say are refused with a reason', () => {
  it('backtest --band 1 exits 2: a band is a fraction of equity below 1 (at 1 an unlevered book never trades)', async () => {
    expectUsage(await cli(['backtest', 'tsm', '--data', MISSING, '--band', '1']), '--band 1', 'must be < 1');
    expectUsage(await cli(['backtest', 'tsm', '--data', MISSING, '--band', '2.5']), '--band 2.5');
  });

  it('backtest --gross 0 exits 2: rescaling every row to zero exposure would hold nothing', async () => {
    expectUsage(await cli(['backtest', 'tsm', '--data', MISSING, '--gross', '0']), '--gross 0', 'must be > 0');
  });
});
