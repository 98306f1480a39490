// Grid edges (issue 12 item 7), each test carrying the input that broke:
//  - `lookback=1:200000:1` died with "Maximum call stack size exceeded" (a spread of the
//    axis' values into push's arguments) instead of giving the limit message;
//  - a grid where every point failed exited 0;
//  - a worker that exited with no point marked running was retried until the exit budget
//    ran out, and the run then rejected, discarding every finished result.
import { afterAll, describe, expect, it } from 'vitest';
import { xmom as runXmom, type Run } from './xmomInProcess.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC, type Table } from 'apache-arrow';
import { InputError, Panel, expandGrid, grid } from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xmom-grid-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `xmom ...args` (in process, from the repository root): exit status, stdout, stderr. */
const xmom = (args: string[]): Promise<Run> => runXmom(args);

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

describe('grid axes with many values', () => {
  it('expandGrid(lookback=1:200000:1) without force gives the limit message, not a stack overflow', () => {
    const e = thrown(() => expandGrid('strategy=tsm lookback=1:200000:1'));
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(/200,000 points \(lookback 200000\) exceed the limit of 100,000; pass force: true/);
  });

  it('expandGrid(lookback=1:200000:1, force) holds every value in order; a 1,000,000-value axis parses too', () => {
    const g = expandGrid('strategy=tsm lookback=1:200000:1', { force: true });
    expect(g.count).toBe(200_000);
    const values = g.spec.axes[0].values as number[];
    expect(values.length).toBe(200_000);
    expect(values[0]).toBe(1);
    expect(values[123_456]).toBe(123_457);
    expect(values[199_999]).toBe(200_000);
    const big = expandGrid('strategy=tsm lookback=1..1000000', { force: true });
    expect(big.count).toBe(1_000_000);
    expect(big.params(999_999)).toEqual({ lookback: 1_000_000 });
  });

  it('xmom grid tsm lookback=1:200000:1 exits 2 with the limit message', async () => {
    const r = await xmom(['grid', 'tsm', 'lookback=1:200000:1', '--workers', '0']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^xmom: grid: 200,000 points \(lookback 200000\) exceed the limit of 100,000/);
    expect(r.stderr).not.toMatch(/call stack/);
  }, 60_000);
});

describe('grid exit codes', () => {
  it('xmom grid where every point fails (lookback beyond the 2557 rows) exits 3, reports the count and writes the failures', async () => {
    const out = join(dir, 'all-failed');
    const r = await xmom(['grid', 'tsm', 'lookback=5000,6000', '--workers', '0', '--out', out]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toContain('0 of 2 points');
    expect(r.stdout).toContain('2 failed');
    expect(r.stderr.trim()).toMatch(/^xmom: 2 of 2 points failed \(first: point 0: tsm: lookback 5000 is not shorter than the history \(2557 rows\)/);
    const t: Table = tableFromIPC(readFileSync(join(out, 'results.arrow')));
    expect(t.numRows).toBe(2);
    expect((t.getChild('error')!.toArray() as (string | null)[]).every((e) => e !== null && /lookback \d+ is not shorter/.test(e))).toBe(true);
  }, 60_000);

  it('xmom grid where some points fail exits 3 with the failed count; --json still prints the result on stdout', async () => {
    const r = await xmom(['grid', 'tsm', 'lookback=60,5000', '--workers', '0', '--json']);
    expect(r.status, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as { completed: number; failed: number };
    expect(doc.completed).toBe(1);
    expect(doc.failed).toBe(1);
    expect(r.stderr).toMatch(/^xmom: 1 of 2 points failed \(first: point 1: /);
  }, 60_000);

  it('xmom grid where every point succeeds exits 0', async () => {
    const r = await xmom(['grid', 'tsm', 'lookback=60,90', '--workers', '0', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ completed: 2, failed: 0 });
  }, 60_000);
});

describe('grid worker exits with no point running', () => {
  // The crypto fixture, first 400 rows; 12 points, 2 workers: tasks of 2 points.
  const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
  const spec = 'strategy=dualMomentum lookback=20,60,130 topN=1,2 rebalance=weekly,monthly';

  it('a worker that exits on every start of one task fails that task\'s points and keeps (and writes) every finished result', async () => {
    const prices = Panel.fromArrow(table.slice(0, 400));
    try {
      const clean = await grid(spec, prices, { workers: 0, progress: false });
      const out = join(dir, 'exit-before-task');
      const r = await grid(spec, prices, { workers: 2, progress: false, outDir: out, __faultInjection: { exitBeforeTask: [5] } });
      expect(r.partial).toBe(false);
      const errs = r.table.getChild('error')!.toArray() as (string | null)[];
      expect(r.table.numRows).toBe(12);
      // Point 5's task failed, with the reason; nothing else did.
      expect(errs[5]).toMatch(/worker exited \(code 71\) twice in a row while no point of this point's task was running/);
      const failed = errs.flatMap((e, i) => (e === null ? [] : [i]));
      expect(failed.length).toBe(r.failed);
      expect(failed.length).toBeLessThanOrEqual(2);
      for (const i of failed) expect(errs[i]).toMatch(/twice in a row/);
      // Every other point finished with the in-process numbers.
      const want = clean.table.getChild('sharpe')!.toArray() as Float64Array;
      const got = r.table.getChild('sharpe')!.toArray() as Float64Array;
      for (let i = 0; i < 12; i++) if (!failed.includes(i)) expect(got[i], `point ${i}`).toBe(want[i]);
      // Written: every row, failures included.
      const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
      expect(csv.length).toBe(13);
    } finally {
      prices.free();
    }
  }, 60_000);
});
