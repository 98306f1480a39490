/**
 * Regression: `writeGridResults` (results.csv and .json of a finished grid, written 1,000
 * rows per slice) printed `undefined` for every dictionary cell (the rebalance column) after
 * row 1,000: `formatRows` indexed a sliced chunk's keys from its offset although Arrow JS
 * had already sliced the key buffer. Checked here against Arrow's own `get` per cell.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Panel, grid, writeGridResults } from '../src/index.js';

const prices = Panel.fromArrow(tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url))).slice(0, 400));
const tmp = mkdtempSync(join(tmpdir(), 'xmom-grid-slices-'));
afterAll(() => {
  prices.free();
  rmSync(tmp, { recursive: true, force: true });
});

/** A cell as the CSV shows it, from Arrow's `get`: NaN / null empty, numbers through String. */
function csvCell(x: unknown): string {
  if (x === null || x === undefined) return '';
  if (typeof x === 'number') return Number.isNaN(x) ? '' : String(x);
  return String(x);
}

function expectedCsvLines(t: Table): string[] {
  const cols = t.schema.fields.map((f) => t.getChild(f.name)!);
  return Array.from({ length: t.numRows }, (_, r) => cols.map((c) => csvCell(c.get(r))).join(','));
}

describe('writeGridResults(result, outDir) past the first 1,000-row slice', () => {
  it('writes every dictionary cell (rebalance) of rows 1,000 and later as its text, in CSV and JSON', async () => {
    // 60 lookbacks x 5 topN x 4 schedules = 1,200 points: two CSV / JSON slices.
    const r = await grid('strategy=dualMomentum lookback=5:300:5 topN=1..5 rebalance=daily,weekly,monthly,monthly-first', prices, { workers: 0, progress: false });
    expect(r.table.numRows).toBe(1200);
    const files = await writeGridResults(r, join(tmp, 'out'), { heatmap: false });
    const lines = readFileSync(files.csv, 'utf8').trimEnd().split('\n');
    expect(lines[0].split(',')).toEqual(r.table.schema.fields.map((f) => f.name));
    const want = expectedCsvLines(r.table);
    expect(lines.length - 1).toBe(want.length);
    for (let i = 0; i < want.length; i++) if (lines[i + 1] !== want[i]) expect.fail(`csv row ${i}: ${lines[i + 1]} vs ${want[i]}`);
    expect(lines[1001]).not.toMatch(/undefined/);
    const rows = (JSON.parse(readFileSync(files.json, 'utf8')) as { rows: Record<string, unknown>[] }).rows;
    const rebalance = r.table.getChild('rebalance')!;
    expect(rows.length).toBe(1200);
    for (let i = 0; i < rows.length; i++) expect(rows[i].rebalance, `json row ${i}`).toBe(rebalance.get(i));
  });

  it('streams results.arrow / .csv while the points finish in batches that reuse their buffers: every cell equals the returned table', async () => {
    // 1,200 points: the streaming writer's batches are 1,024 rows, so the second batch
    // refills the first one's column buffers; each must already be in the files by then.
    const out = join(tmp, 'streamed');
    const r = await grid('strategy=dualMomentum lookback=5:300:5 topN=1..5 rebalance=daily,weekly,monthly,monthly-first', prices, { workers: 0, progress: false, outDir: out, heatmap: false });
    expect(r.table.numRows).toBe(1200);
    const arrow = tableFromIPC(readFileSync(join(out, 'results.arrow')));
    expect(arrow.numRows).toBe(1200);
    expect(arrow.batches.length).toBeGreaterThanOrEqual(2);
    for (const f of r.table.schema.fields) {
      const want = r.table.getChild(f.name)!;
      const got = arrow.getChild(f.name)!;
      for (let i = 0; i < 1200; i++) {
        const a = got.get(i);
        const b = want.get(i);
        if (!Object.is(a, b)) expect.fail(`results.arrow ${f.name} row ${i}: ${String(a)} vs ${String(b)}`);
      }
    }
    const lines = readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\n');
    const want = expectedCsvLines(r.table);
    expect(lines.length - 1).toBe(want.length);
    for (let i = 0; i < want.length; i++) if (lines[i + 1] !== want[i]) expect.fail(`csv row ${i}: ${lines[i + 1]} vs ${want[i]}`);
  });
});
