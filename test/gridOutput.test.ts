/**
 * A grid's result files are written while the points finish (src/grid/resultWriter.ts):
 * rows reach results.csv / .json / .arrow during the run, in point order, and the files
 * at the end hold exactly the result table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatchReader, tableFromIPC, type Table } from 'apache-arrow';
import { Panel, grid } from '../src/index.js';

const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
const prices = Panel.fromArrow(table.slice(0, 500));
const tmp = mkdtempSync(join(tmpdir(), 'xmom-grid-out-'));
afterAll(() => {
  prices.free();
  rmSync(tmp, { recursive: true, force: true });
});

// 80 lookbacks x 5 topN x 3 schedules x 9 fees = 10,800 points: more than two 4,096-row batches.
const SPEC = 'strategy=dualMomentum lookback=5:400:5 topN=1..5 rebalance=daily,weekly,monthly feesBps=0,1,2,3,5,10,20,30,50';

/** Every column of a equals b's, cell by cell (NaN = NaN). */
function expectSameTable(a: Table, b: Table): void {
  expect(a.numRows).toBe(b.numRows);
  expect(a.schema.fields.map((f) => f.name)).toEqual(b.schema.fields.map((f) => f.name));
  for (const f of b.schema.fields) {
    const x = a.getChild(f.name)!;
    const y = b.getChild(f.name)!;
    for (let i = 0; i < b.numRows; i++) {
      if (!Object.is(x.get(i), y.get(i))) expect.fail(`column ${f.name}, row ${i}: ${String(x.get(i))} vs ${String(y.get(i))}`);
    }
  }
}

describe('grid(spec, prices, { outDir }) writes its results while the points finish', () => {
  it('rows reach results.csv during the run, and the finished files equal the result table (Arrow in several batches, one dictionary)', async () => {
    const out = join(tmp, 'stream');
    const csv = join(out, 'results.csv');
    let seenDuringRun = 0;
    const r = await grid(SPEC, prices, {
      workers: 0, outDir: out, progress: false,
      onProgress: (done, total) => {
        if (done < total) seenDuringRun = Math.max(seenDuringRun, readFileSync(csv, 'utf8').split('\n').length - 2);
      },
    });
    expect(r.completed).toBe(10_800);
    // At least two full batches were on disk before the last point finished.
    expect(seenDuringRun).toBeGreaterThanOrEqual(8192);
    const arrow = tableFromIPC(readFileSync(r.files!.arrow));
    expectSameTable(arrow, r.table);
    const batches = [...RecordBatchReader.from(readFileSync(r.files!.arrow))];
    expect(batches.length).toBeGreaterThanOrEqual(3);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(10_801);
    expect(lines[0].split(',').slice(0, 5)).toEqual(['point', 'lookback', 'topN', 'rebalance', 'feesBps']);
    const sharpe = r.table.getChild('sharpe')!;
    for (const i of [0, 4095, 4096, 8191, 10_799]) {
      const cells = lines[i + 1].split(',');
      expect(Number(cells[0])).toBe(i);
      const want = sharpe.get(i) as number;
      if (Number.isNaN(want)) expect(cells[5]).toBe('');
      else expect(Number(cells[5])).toBe(want);
    }
    const json = JSON.parse(readFileSync(r.files!.json, 'utf8'));
    expect(json.rows).toHaveLength(10_800);
    expect(json.rows.map((x: { point: number }) => x.point)).toEqual(Array.from({ length: 10_800 }, (_, i) => i));
    expect(json.best.point).toBe(r.best!.point);
    expect(json.completed).toBe(10_800);
    expect(statSync(r.files!.summary).size).toBeGreaterThan(0);
  }, 120_000);
});
