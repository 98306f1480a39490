// `xmom signals` and the volatility-trigger flags of `xmom backtest`, run in-process through
// `main(argv)` (as test/cli.test.ts does). Expected weights come from the library calls on
// the same data (dualMomentum, multiHorizonMomentum) and the held book from drifting the
// previous target by the fixture's prices, computed here.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { readPanelFile, dualMomentum, multiHorizonMomentum, volTarget } from '../src/index.js';
import { rng } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CSV = join(ROOT, 'fixtures/crypto12.csv');
const dir = mkdtempSync(join(tmpdir(), 'xmom-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tmp = (name: string): string => join(dir, name);

interface Run { status: number; stdout: string; stderr: string }

/** Runs `xmom ...args` in this process, capturing stdout / stderr. */
async function xmom(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  const capture = (append: (s: string) => void) => ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => { stdout += s; });
  process.stderr.write = capture((s) => { stderr += s; });
  try {
    const status = await main(args);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

interface SignalsDoc {
  asOf: string;
  row: number;
  scheduled: boolean;
  book: string;
  assets: { asset: string; current: number; target: number; trade: number }[];
  cash: { current: number; target: number };
  turnover: number;
}

async function signals(args: string[]): Promise<SignalsDoc> {
  const r = await xmom(['signals', ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SignalsDoc;
}

const AS_OF = '2023-03-15';
const prices = readPanelFile(CSV);
const dates = prices.dates();
const T_AS_OF = dates.indexOf(Date.parse(`${AS_OF}T00:00:00Z`));

describe('xmom signals <strategy>', () => {
  it('signals dual-momentum --as-of D --json: targets = dualMomentum(prices) at row D, trades = target - current', async () => {
    expect(T_AS_OF).toBeGreaterThan(100);
    const doc = await signals(['dual-momentum', '--data', CSV, '--as-of', AS_OF, '--lookback', '60', '--top-n', '3']);
    const w = dualMomentum(prices, { lookback: 60, topN: 3 });
    const expected = w.row(T_AS_OF);
    w.free();
    expect(doc.asOf).toBe(AS_OF);
    expect(doc.row).toBe(T_AS_OF);
    expect(doc.assets.map((a) => a.asset)).toEqual([...prices.columns]);
    doc.assets.forEach((a, j) => {
      expect(a.target).toBeCloseTo(Number.isNaN(expected[j]) ? 0 : expected[j], 12);
      expect(a.trade).toBeCloseTo(a.target - a.current, 14);
    });
    expect(doc.assets.filter((a) => a.target > 0).length).toBeGreaterThan(0); // not an empty book: the comparison means something
  });

  it('the default book is the previous row\'s target drifted by the as-of row\'s returns (daily rebalance, no fees)', async () => {
    const doc = await signals(['dual-momentum', '--data', CSV, '--as-of', AS_OF, '--lookback', '60', '--top-n', '3', '--rebalance', 'daily']);
    const w = dualMomentum(prices, { lookback: 60, topN: 3 });
    const prev = w.row(T_AS_OF - 1).map((x) => (Number.isNaN(x) ? 0 : x));
    w.free();
    const p0 = prices.row(T_AS_OF - 1);
    const p1 = prices.row(T_AS_OF);
    const grown = prev.map((x, j) => (x === 0 ? 0 : x * (p1[j] / p0[j])));
    const equity = grown.reduce((s, x) => s + x, 0) + (1 - prev.reduce((s, x) => s + x, 0));
    expect(doc.book).toBe('backtest');
    expect(doc.scheduled).toBe(true);
    doc.assets.forEach((a, j) => expect(a.current).toBeCloseTo(grown[j] / equity, 12));
    expect(doc.cash.current).toBeCloseTo(1 - grown.reduce((s, x) => s + x, 0) / equity, 12);
  });

  it('--holdings FILE (JSON or asset,weight CSV) is the current book; unknown assets are refused naming the file and asset', async () => {
    writeFileSync(tmp('book.json'), JSON.stringify({ BTC: 0.5, ETH: 0.25 }));
    writeFileSync(tmp('book.csv'), 'asset,weight\nBTC,0.5\nETH,0.25\n');
    const a = await signals(['multi-horizon', '--data', CSV, '--holdings', tmp('book.json')]);
    const b = await signals(['multi-horizon', '--data', CSV, '--holdings', tmp('book.csv')]);
    expect(b).toEqual(a);
    expect(a.book).toBe('holdings');
    const w = multiHorizonMomentum(prices, { topN: 3 });
    const last = w.row(prices.nRows - 1);
    w.free();
    expect(a.row).toBe(prices.nRows - 1); // default: the last row
    a.assets.forEach((x, j) => {
      const cur = x.asset === 'BTC' ? 0.5 : x.asset === 'ETH' ? 0.25 : 0;
      expect(x.current).toBe(cur);
      expect(x.target).toBeCloseTo(Number.isNaN(last[j]) ? 0 : last[j], 12);
      expect(x.trade).toBeCloseTo(x.target - cur, 14);
    });
    expect(a.cash.current).toBeCloseTo(0.25, 14);
    writeFileSync(tmp('bad.json'), JSON.stringify({ DOGE: 0.5 }));
    const r = await xmom(['signals', 'multi-horizon', '--data', CSV, '--holdings', tmp('bad.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--holdings .*bad\.json key 'DOGE': asset 'DOGE' is not a column of the data/);
  });

  it('no look-ahead: rows after --as-of changed at random leave the output (targets and own book) unchanged', async () => {
    const lines = readFileSync(CSV, 'utf8').trim().split('\n');
    const u = rng(7);
    const perturbed = lines.map((line, i) => {
      if (i === 0 || i - 1 <= T_AS_OF) return line;
      const [d, ...cells] = line.split(',');
      return [d, ...cells.map((c) => (c === '' ? c : String(Number(c) * (0.5 + u()))))].join(',');
    });
    writeFileSync(tmp('perturbed.csv'), `${perturbed.join('\n')}\n`);
    for (const args of [
      ['multi-horizon', '--rebalance', 'weekly:sun', '--vol-target', '0.3', '--fees-bps', '10'],
      ['dual-momentum', '--rebalance', 'weekly:sun', '--daily-when-vol-above', '0.8q', '--band', '0.05'],
    ]) {
      const a = await signals([...args, '--data', CSV, '--as-of', AS_OF]);
      const b = await signals([...args, '--data', tmp('perturbed.csv'), '--as-of', AS_OF]);
      expect(b).toEqual(a);
      // The perturbation is visible to a later as-of date.
      const c = await signals([...args, '--data', CSV, '--as-of', '2024-06-01']);
      const e = await signals([...args, '--data', tmp('perturbed.csv'), '--as-of', '2024-06-01']);
      expect(e).not.toEqual(c);
    }
  });

  it('signals with --vol-target matches volTarget(multiHorizonMomentum(prices)) at the as-of row', async () => {
    const doc = await signals(['multi-horizon', '--data', CSV, '--as-of', AS_OF, '--vol-target', '0.3']);
    const raw = multiHorizonMomentum(prices, { topN: 3 });
    const w = volTarget(raw, prices, { target: 0.3 });
    const row = w.row(T_AS_OF);
    raw.free();
    w.free();
    doc.assets.forEach((a, j) => expect(a.target).toBeCloseTo(Number.isNaN(row[j]) ? 0 : row[j], 12));
  });

  it('an --as-of outside the data or not a date is a usage error naming the data\'s dates', async () => {
    const r1 = await xmom(['signals', 'tsm', '--data', CSV, '--as-of', '2030-01-01']);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/--as-of 2030-01-01: after the last date of the data \(2024-12-31\)/);
    const r2 = await xmom(['signals', 'tsm', '--data', CSV, '--as-of', 'yesterday']);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--as-of 'yesterday': not a date/);
  });

  it('every strategy of the registry runs (text table), double-sort on long data included', async () => {
    for (const s of ['tsm', 'csm', 'dual-momentum', 'multi-horizon', 'fx-trend', 'double-sort', 'risk-parity']) {
      const r = await xmom(['signals', s, ...(s === 'csm' ? ['--top-n', '2'] : [])]);
      expect(r.status, `${s}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Asset\s+Current\s+Target\s+Trade/);
      expect(r.stdout).toMatch(/turnover \d/);
    }
  });
});

describe('xmom backtest --daily-when-vol-above', () => {
  it('--rebalance weekly:sun --daily-when-vol-above 0.8q = --rebalance weekly:sun+vol:0.8q, and trades more than weekly:sun', async () => {
    const run = async (extra: string[]): Promise<{ metrics: unknown; options: { rebalance: unknown } }> => {
      const r = await xmom(['backtest', 'dual-momentum', '--data', CSV, '--json', ...extra]);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { metrics: unknown; options: { rebalance: unknown } };
    };
    const a = await run(['--rebalance', 'weekly:sun', '--daily-when-vol-above', '0.8q']);
    const b = await run(['--rebalance', 'weekly:sun+vol:0.8q']);
    const c = await run(['--rebalance', 'weekly:sun']);
    expect(a.options.rebalance).toEqual({ every: 'week', weekday: 0, whenVolAbove: { window: 30, quantile: 0.8, then: 'daily' } });
    expect(b.options.rebalance).toEqual(a.options.rebalance);
    expect(a.metrics).toBeDefined();
    expect(b.metrics).toEqual(a.metrics);
    expect(c.metrics).not.toEqual(a.metrics);
  });

  it('bad trigger input: no weekly --rebalance, a window longer than the data, a bad threshold (exit 2, named)', async () => {
    const r1 = await xmom(['backtest', 'tsm', '--data', CSV, '--daily-when-vol-above', '0.8q']);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/--daily-when-vol-above needs a weekly --rebalance/);
    const r2 = await xmom(['backtest', 'tsm', '--data', CSV, '--rebalance', 'weekly', '--daily-when-vol-above', '0.9', '--vol-trigger-window', '99999']);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/rebalance\.whenVolAbove\.window 99999 needs at least 100000 rows of prices .*the prices have \d+ rows \(2018-01-01 \.\. 2024-12-31\)/);
    const r3 = await xmom(['backtest', 'tsm', '--data', CSV, '--rebalance', 'weekly', '--daily-when-vol-above', '1.2q']);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/quantile threshold must be in \(0, 1\)/);
  });
});
