// End-to-end tests of the `xmom` command: each runs `main(argv)` of src/cli/main.ts in
// this process (what bin/xmom.js runs, without a process start per command) from a given
// working directory and checks the exit code, stdout / stderr and the files written. The
// bench test spawns the real command (its benchmark script is a child process that writes
// to the inherited file descriptors); the compiled bin itself is run by test/pack.
// Expected values come from the fixture CSV read here by hand (prices, dates, NaN
// counts) or from the definitions (compounding, dual momentum's top-N rule), never
// from the CLI's own output.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tableFromIPC, type Table } from 'apache-arrow';
import { xmom, type Run } from './xmomInProcess.js';
import { spawnXmom as spawnTsx } from './spawnXmom.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xmom-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tmp = (name: string): string => join(dir, name);

const spawnXmom = (args: string[], cwd = ROOT): Promise<Run> => spawnTsx(args, cwd, 60_000);

/** A usage / input error: exit 2, one `xmom: ...` line on stderr, no stack trace. */
async function expectBadUsage(run: Run | Promise<Run>, ...fragments: string[]): Promise<void> {
  const r = await run;
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^xmom: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const f of fragments) expect(r.stderr).toContain(f);
}

/** The wide fixture CSV parsed by hand: dates, column names, values (NaN for empty cells). */
function readFixtureCsv(name: string): { dates: string[]; columns: string[]; values: number[][] } {
  const lines = readFileSync(join(ROOT, 'fixtures', name), 'utf8').trim().split('\n');
  const columns = lines[0].split(',').slice(1);
  const dates: string[] = [];
  const values: number[][] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    dates.push(cells[0]);
    values.push(cells.slice(1).map((c) => (c === '' ? NaN : Number(c))));
  }
  return { dates, columns, values };
}

const arrow = (path: string): Table => tableFromIPC(readFileSync(path));
const col = (t: Table, name: string): number[] => Array.from({ length: t.numRows }, (_, i) => Number(t.getChild(name)!.get(i)));
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

const crypto = readFixtureCsv('crypto12.csv');

describe('xmom demo', () => {
  it('xmom (no command) runs the demo: synthetic-data notice, metrics of three series, seed claims, out/report.html', async () => {
    const r = await xmom([], dir); // the default command, from another working directory
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('SYNTHETIC');
    expect(out).toContain('fixtures/README.md');
    expect(out).toMatch(/Metric\s+Dual momentum\s+Buy & hold BTC\s+Equal weight/);
    for (const label of ['CAGR', 'Volatility (ann.)', 'Sharpe ratio', 'Sortino ratio', 'Max drawdown', 'Calmar ratio', 'Turnover (ann.)']) {
      expect(out).toContain(label);
    }
    // Seed 000's claims appear beside ours: dual momentum CAGR 55%, Sharpe 1.35, Calmar 1.57.
    expect(out).toContain("Seed 000's claimed results");
    expect(out).toMatch(/CAGR\s+55\.00%/);
    expect(out).toMatch(/Sharpe\s+1\.35/);
    expect(out).toMatch(/Calmar\s+1\.57/);
    // ... and seed 002's (US equities: annual return 23.58%, vol 36.52%, Sharpe 0.65) beside the double sort.
    expect(out).toContain("Seed 002's claims");
    expect(out).toMatch(/Annual return \(CAGR\)\s+23\.58%/);
    expect(out).toMatch(/Volatility\s+36\.52%/);
    expect(out).toMatch(/Sharpe\s+0\.65/);
    // The evaluation window starts after the 252-bar lookback: the fixture's row 252.
    expect(out).toContain(`window: ${crypto.dates[252]} .. ${crypto.dates[crypto.dates.length - 1]}, ${crypto.dates.length - 252} bars`);
    const report = join(dir, 'out', 'report.html');
    expect(out).toContain('report: out/report.html');
    const html = readFileSync(report, 'utf8');
    // The CAGR printed for the strategy is the one in the report's metrics table.
    const cagr = Number(/<tr data-metric="cagr"><td>CAGR<\/td><td[^>]*data-value="([^"]+)"/.exec(html)![1]);
    expect(out).toMatch(new RegExp(`CAGR\\s+${pct(cagr).replace('.', '\\.')}\\s`));
    // Buy & hold BTC over the window, capital 1: all in BTC at the close of row 252, the
    // 10 bps fee on the traded value (1) paid from cash; wealth = price ratio - fee.
    const series = arrow(join(dir, 'out', 'series.arrow'));
    expect(series.numRows).toBe(crypto.dates.length - 252);
    expect(isoOf(col(series, 'date')[0])).toBe(crypto.dates[252]);
    const btc = crypto.values.map((row) => row[crypto.columns.indexOf('BTC')]);
    const bhEquity = col(series, 'Buy & hold BTC equity');
    expect(bhEquity[0]).toBeCloseTo(1 - 10e-4, 12);
    expect(bhEquity[bhEquity.length - 1]).toBeCloseTo(btc[btc.length - 1] / btc[252] - 10e-4, 9);
  }, 30_000);
});

describe('xmom backtest fx-trend portfolios', () => {
  it('backtest fx-trend --param portfolio=cross-sectional --param grossLeverage=1 holds a dollar-neutral book of gross 1 after the warm-up', async () => {
    const out = tmp('fxcs');
    const r = await xmom(['backtest', 'fx-trend', '--param', 'portfolio=cross-sectional', '--param', 'grossLeverage=1', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const w = arrow(join(out, 'weights.arrow'));
    const names = w.schema.fields.map((f) => f.name).filter((n) => n !== 'date');
    expect(names.length).toBe(10);
    const cols = names.map((n) => col(w, n));
    let checked = 0;
    for (let t = 0; t < w.numRows; t += 53) {
      // daily rebalancing, no fees: the held weights after trading are the targets
      const row = cols.map((c) => c[t]);
      expect(row.reduce((a, x) => a + Math.abs(x), 0), `row ${t}`).toBeCloseTo(1, 10);
      expect(Math.abs(row.reduce((a, x) => a + x, 0)), `row ${t}`).toBeLessThan(1e-10);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  }, 30_000);

  it('backtest fx-trend --quote usd --currencies EUR,JPY converts ECB-style rates and says which columns it used; no USD column is a usage error', async () => {
    // 400 weekdays of EUR-based rates: USD per EUR and JPY per EUR, newest first as the ECB writes them.
    const lines = ['Date,USD,JPY,GBP,'];
    for (let t = 399; t >= 0; t--) {
      const day = new Date(Date.UTC(2020, 0, 6) + Math.floor(t / 5) * 7 * 86_400_000 + (t % 5) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${day},${(1.1 + 0.05 * Math.sin(t / 40)).toFixed(4)},${(130 + 5 * Math.cos(t / 30)).toFixed(2)},N/A,`);
    }
    const file = tmp('ecb.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const base = ['backtest', 'fx-trend', '--data', file, '--order', 'descending', '--na', 'N/A', '--ignore-columns', ''];
    const r = await xmom([...base, '--quote', 'usd', '--currencies', 'EUR,JPY', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.data.columns).toEqual(['EURUSD', 'JPYUSD']);
    expect(json.data.quote).toBe('quote usd (EUR,JPY): EURUSD = USD, JPYUSD = USD / JPY');
    const noUsd = tmp('ecb-no-usd.csv');
    writeFileSync(noUsd, lines.map((l) => l.split(',').filter((_, i) => i !== 1).join(',')).join('\n') + '\n');
    const bad = await xmom(['backtest', 'fx-trend', '--data', noUsd, '--order', 'descending', '--na', 'N/A', '--ignore-columns', '', '--quote', 'usd']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--quote usd .* needs a USD column/);
  }, 30_000);

  it('backtest fx-trend --benchmark FILE measures beta to a price file matched by date; a file with no common date is a usage error', async () => {
    const day = (t: number): string => new Date(Date.UTC(2020, 0, 6) + Math.floor(t / 5) * 7 * 86_400_000 + (t % 5) * 86_400_000).toISOString().slice(0, 10);
    const lines = ['Date,USD,JPY,'];
    for (let t = 399; t >= 0; t--) lines.push(`${day(t)},${(1.1 + 0.05 * Math.sin(t / 40)).toFixed(4)},${(130 + 5 * Math.cos(t / 30)).toFixed(2)},`);
    const file = tmp('ecb2.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    // The benchmark: every other date only (the rest must be left out), its own price path.
    const bench: [string, number][] = [];
    for (let t = 0; t < 400; t += 2) bench.push([day(t), 100 * Math.exp(0.01 * Math.sin(t / 7) + 0.0003 * t)]);
    const bfile = tmp('bench.csv');
    writeFileSync(bfile, ['date,close', ...bench.map(([d, p]) => `${d},${p}`)].join('\n') + '\n');
    const out = tmp('fxbench');
    const base = ['backtest', 'fx-trend', '--data', file, '--order', 'descending', '--ignore-columns', '', '--quote', 'usd', '--currencies', 'EUR,JPY'];
    const r = await xmom([...base, '--benchmark', bfile, '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const series = arrow(join(out, 'series.arrow'));
    const dates = col(series, 'date').map((ms) => new Date(ms).toISOString().slice(0, 10));
    const ret = col(series, 'returns');
    const bAt = new Map(bench.slice(1).map(([d, p], i) => [d, p / bench[i][1] - 1]));
    const rr: number[] = [];
    const bb: number[] = [];
    dates.forEach((d, i) => {
      if (bAt.has(d)) {
        rr.push(ret[i]);
        bb.push(bAt.get(d)!);
      }
    });
    expect(json.data.benchmark).toBe(`benchmark: ${bfile} (column close; ${rr.length} of ${dates.length} dates matched)`);
    // empyrical beta: mean((b - mean b) r) / mean((b - mean b)^2)
    const mean = (x: number[]): number => x.reduce((a, v) => a + v, 0) / x.length;
    const mb = mean(bb);
    const beta = mean(rr.map((v, i) => (bb[i] - mb) * v)) / mean(bb.map((v) => (v - mb) ** 2));
    expect(json.metrics['fx-trend'].beta).toBeCloseTo(beta, 10);
    const far = tmp('bench-1990.csv');
    writeFileSync(far, 'date,close\n1990-01-02,100\n1990-01-03,101\n');
    const bad = await xmom([...base, '--benchmark', far]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no date in common .*benchmark 1990-01-02 \.\. 1990-01-03, strategy 2021-/);
  }, 30_000);
});

describe('xmom backtest and xmom report', () => {
  const out = tmp('dm');
  // The backtest both tests read (its --out folder), run by whichever test comes first:
  // each test runs alone or in any order.
  let run: ReturnType<typeof xmom> | null = null;
  const backtestOnce = (): ReturnType<typeof xmom> => (run ??= xmom(['backtest', 'dual-momentum', '--lookback', '90', '--top-n', '2', '--rebalance', 'daily', '--out', out, '--json']));

  it('backtest dual-momentum --lookback 90 --top-n 2 --out --json holds the top 2 positive 90-bar returns at 1/2 each', async () => {
    const r = await backtestOnce();
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      window: { start: string; bars: number; fromRow: number };
      metrics: Record<string, { totalReturn: number; sharpe: number; cagr: number }>;
      report: string;
    };
    expect(Object.keys(json.metrics)).toEqual(['dual-momentum', 'Buy & hold BTC', 'Equal weight']);
    expect(json.window.fromRow).toBe(90);
    expect(json.window.start).toBe(crypto.dates[90]);
    expect(json.window.bars).toBe(crypto.dates.length - 90);
    // Held weights after trading at each close (daily rebalancing, no fees: exactly the targets).
    const w = arrow(join(out, 'weights.arrow'));
    expect(w.numRows).toBe(crypto.dates.length - 90);
    const N = crypto.columns.length;
    for (let t = 90; t < crypto.dates.length; t += 97) {
      const now = crypto.values[t];
      const then = crypto.values[t - 90];
      const passing = crypto.columns
        .map((c, j) => ({ c, j, r: now[j] / then[j] - 1 }))
        .filter((a) => a.r > 0) // NaN (not listed 90 bars ago) fails too
        .sort((a, b) => b.r - a.r || a.j - b.j)
        .slice(0, 2)
        .map((a) => a.c);
      for (let j = 0; j < N; j++) {
        const name = crypto.columns[j];
        expect(col(w, name)[t - 90], `${name} at ${crypto.dates[t]}`).toBeCloseTo(passing.includes(name) ? 0.5 : 0, 12);
      }
    }
    // The metrics describe the series written beside the report.
    const s = arrow(join(out, 'series.arrow'));
    const ret = col(s, 'returns');
    const compounded = ret.reduce((acc, x) => acc * (1 + x), 1) - 1;
    expect(json.metrics['dual-momentum'].totalReturn).toBeCloseTo(compounded, 10);
    const btc = crypto.values.map((row) => row[crypto.columns.indexOf('BTC')]);
    expect(json.metrics['Buy & hold BTC'].totalReturn).toBeCloseTo(btc[btc.length - 1] / btc[90] - 1, 9);
    // report.html carries the same numbers (data-value holds the exact value).
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(json.report).toBe(join(out, 'report.html'));
    const sharpeCells = /<tr data-metric="sharpe"><td>Sharpe ratio<\/td>(.*?)<\/tr>/.exec(html)![1];
    const values = [...sharpeCells.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1]));
    expect(values).toEqual(['dual-momentum', 'Buy & hold BTC', 'Equal weight'].map((n) => json.metrics[n].sharpe));
  }, 30_000);

  it('report series.json --out rebuilds the same report and metrics from the saved series', async () => {
    expect((await backtestOnce()).status).toBe(0);
    const again = tmp('dm-again');
    const r = await xmom(['report', join(out, 'series.json'), '--out', again, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files.html).toBe(join(again, 'report.html'));
    const before = JSON.parse(readFileSync(join(out, 'series.json'), 'utf8'));
    const after = JSON.parse(readFileSync(join(again, 'series.json'), 'utf8'));
    expect(after.metrics).toEqual(before.metrics);
    expect(after.strategy.returns).toEqual(before.strategy.returns);
    expect(readFileSync(join(again, 'report.html'), 'utf8')).toContain('Buy &amp; hold BTC');
  }, 30_000);
});

describe('xmom data', () => {
  it('data inspect --json accounts for every row and counts the NaN cells of each column', async () => {
    const r = await xmom(['data', 'inspect', 'fixtures/crypto12.csv', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.read.rowsRead).toBe(crypto.dates.length);
    expect(j.read.rowsUsed).toBe(crypto.dates.length);
    expect(j.inspection.rows).toBe(crypto.dates.length);
    expect(j.inspection.start).toBe(crypto.dates[0]);
    expect(j.inspection.end).toBe(crypto.dates[crypto.dates.length - 1]);
    expect(j.inspection.calendar).toBe('7-day');
    const nans = Object.fromEntries(crypto.columns.map((c, k) => [c, crypto.values.filter((row) => Number.isNaN(row[k])).length]));
    expect(Object.fromEntries(j.inspection.nans.map((n: { column: string; count: number }) => [n.column, n.count]))).toEqual(nans);
    expect(j.inspection.nanCells).toBe(Object.values(nans).reduce((a, b) => a + b, 0));
  });

  it('data convert csv -> parquet -> csv and csv -> arrow give back the source values', async () => {
    const pq = tmp('c.parquet');
    const back = tmp('c.csv');
    const arr = tmp('c.arrow');
    for (const [a, b] of [['fixtures/crypto12.csv', pq], [pq, back], ['fixtures/crypto12.csv', arr]]) {
      const r = await xmom(['data', 'convert', a, b]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('2557 rows x 12 assets');
    }
    expect(readFileSync(back, 'utf8')).toBe(readFileSync(join(ROOT, 'fixtures', 'crypto12.csv'), 'utf8'));
    const t = arrow(arr);
    expect(t.numRows).toBe(crypto.dates.length);
    expect(col(t, 'date').map(isoOf)).toEqual(crypto.dates);
    crypto.columns.forEach((c, k) => expect(col(t, c)).toEqual(crypto.values.map((row) => row[k])));
    // An existing output is not replaced without --force.
    await expectBadUsage(xmom(['data', 'convert', 'fixtures/crypto12.csv', back]), 'exists', '--force');
  }, 30_000);

  it('data convert keeps a long table long: equities.arrow -> parquet -> csv equals equities.csv', async () => {
    const pq = tmp('eq.parquet');
    const csv = tmp('eq.csv');
    for (const [a, b] of [['fixtures/equities.arrow', pq], [pq, csv]]) {
      const r = await xmom(['data', 'convert', a, b, '--json']);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ layout: 'long', rows: 119_897 });
    }
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(ROOT, 'fixtures', 'equities.csv'), 'utf8'));
  }, 30_000);

  it('data convert reads an ECB-style file with --order descending --ignore-columns "" --na N/A', async () => {
    // Newest first, N/A for missing, every line ending with a comma (an unnamed empty column).
    const src = tmp('ecb-like.csv');
    writeFileSync(src, 'Date,USD,JPY,\n2024-01-03,1.09,N/A,\n2024-01-02,1.10,156.1,\n2024-01-01,1.11,157.2,\n');
    const dst = tmp('ecb-like.arrow');
    await expectBadUsage(xmom(['data', 'convert', src, dst]), 'ecb-like.csv', "list '' in ignoreColumns");
    const r = await xmom(['data', 'convert', src, dst, '--order', 'descending', '--ignore-columns', '', '--na', 'N/A']);
    expect(r.status, r.stderr).toBe(0);
    const t = arrow(dst);
    expect(col(t, 'Date').map(isoOf)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(col(t, 'USD')).toEqual([1.11, 1.10, 1.09]);
    expect(col(t, 'JPY')).toEqual([157.2, 156.1, NaN]);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['Date', 'USD', 'JPY']);
  }, 30_000);

  it('data fixtures --dir regenerates the bundled fixtures byte for byte', async () => {
    const d = tmp('fixtures');
    const r = await xmom(['data', 'fixtures', '--dir', d, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const names = JSON.parse(r.stdout).files.map((f: { name: string }) => f.name).sort();
    expect(names).toEqual(['crypto12.arrow', 'crypto12.csv', 'equities.arrow', 'equities.csv', 'fx10.arrow', 'fx10.csv']);
    for (const n of names) expect(readFileSync(join(d, n)).equals(readFileSync(join(ROOT, 'fixtures', n))), n).toBe(true);
  }, 30_000);

  it('data fetch against a closed local port fails fast with a clear message (exit 1, nothing written)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
    const target = tmp('klines.csv');
    const r = await xmom(['data', 'fetch', '--symbols', 'BTCUSDT', '--start', '2024-01-01', '--base-url', `http://127.0.0.1:${port}`, '--out', target]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^xmom: cannot reach 127\.0\.0\.1:\d+/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.ms).toBeLessThan(10_000);
    expect(existsSync(target)).toBe(false);
  }, 30_000);
});

describe('xmom bad usage and bad input exit with 2 and one clear line', () => {
  const csv = (name: string, text: string): string => {
    writeFileSync(tmp(name), text);
    return tmp(name);
  };

  it('a CSV cell that is not a number: the error names the file, line and column', async () => {
    const f = csv('bad-cell.csv', 'date,A,B\n2024-01-01,1,2\n2024-01-02,1,abc\n');
    await expectBadUsage(xmom(['data', 'inspect', f]), 'bad-cell.csv', 'line 3', "column 'B'", "'abc' is not a number");
  });

  it('unsorted dates are refused, and accepted with --order sort', async () => {
    const f = csv('unsorted.csv', 'date,A\n2024-01-02,2\n2024-01-01,1\n2024-01-03,3\n');
    await expectBadUsage(xmom(['data', 'inspect', f]), 'unsorted.csv', 'line 3');
    const r = await xmom(['data', 'inspect', f, '--order', 'sort', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inspection).toMatchObject({ rows: 3, start: '2024-01-01', end: '2024-01-03', sorted: true });
  });

  it('duplicate dates are refused, listing them', async () => {
    const f = csv('dups.csv', 'date,A\n2024-01-01,1\n2024-01-01,2\n2024-01-02,3\n2024-01-03,4\n2024-01-03,5\n');
    await expectBadUsage(xmom(['backtest', 'tsm', '--data', f]), 'dups.csv', '2024-01-01', '2024-01-03');
  });

  it('a missing data file, an unknown option, an unknown command', async () => {
    await Promise.all([ // independent processes, run side by side
      expectBadUsage(xmom(['backtest', 'tsm', '--data', tmp('nope.csv')]), 'no such file', 'nope.csv'),
      expectBadUsage(xmom(['backtest', 'tsm', '--frobnicate']), "unknown option '--frobnicate'"),
      expectBadUsage(xmom(['frobnicate']), "unknown command 'frobnicate'"),
    ]);
  });

  it('an unknown strategy parameter lists the valid ones; an unknown strategy lists the strategies', async () => {
    await Promise.all([
      expectBadUsage(xmom(['backtest', 'dual-momentum', '--param', 'lookbak=90']), "unknown parameter 'lookbak'", 'lookback, skip, topN, riskFree'),
      expectBadUsage(xmom(['backtest', 'dual-moment']), "unknown strategy 'dual-moment'", 'dual-momentum'),
      expectBadUsage(xmom(['grid', 'dual-momentum', 'lookbak=20:60:20']), "unknown parameter 'lookbak'", 'lookback, skip, topN'),
    ]);
  });
});

describe('xmom grid and the grid report', () => {
  const out = tmp('grid');

  it('grid dual-momentum with ranges runs every combination on 2 workers and ranks them; the best point matches xmom backtest', async () => {
    const r = await xmom(['grid', 'dual-momentum', 'lookback=60:180:60', 'topN=1..2', 'rebalance=weekly,monthly', '--workers', '2', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const t = arrow(join(out, 'results.arrow'));
    const firstError = Array.from({ length: t.numRows }, (_, i) => t.getChild('error')!.get(i)).find((e) => e !== null);
    expect(j, `first failed point: ${firstError}`).toMatchObject({ strategy: 'dualMomentum', points: 12, completed: 12, failed: 0, partial: false, metric: 'sharpe' });
    expect(t.numRows).toBe(12);
    const combos = Array.from({ length: 12 }, (_, i) => `${t.getChild('lookback')!.get(i)}/${t.getChild('topN')!.get(i)}/${t.getChild('rebalance')!.get(i)}`).sort();
    const expected = [60, 120, 180].flatMap((l) => [1, 2].flatMap((n) => ['weekly', 'monthly'].map((rb) => `${l}/${n}/${rb}`))).sort();
    expect(combos).toEqual(expected);
    const sharpe = col(t, 'sharpe');
    const bestRow = sharpe.indexOf(Math.max(...sharpe));
    expect(j.best.params).toEqual({
      lookback: t.getChild('lookback')!.get(bestRow), topN: t.getChild('topN')!.get(bestRow), rebalance: t.getChild('rebalance')!.get(bestRow),
    });
    // The same point through `xmom backtest`: both measure from the end of the warm-up (issue 12).
    const { lookback, topN, rebalance } = j.best.params;
    const b = await xmom(['backtest', 'dual-momentum', '--lookback', String(lookback), '--top-n', String(topN), '--rebalance', rebalance, '--no-benchmarks', '--json']);
    expect(b.status, b.stderr).toBe(0);
    const m = JSON.parse(b.stdout).metrics['dual-momentum'];
    expect(j.best.metrics.sharpe).toBeCloseTo(m.sharpe, 10);
    expect(j.best.metrics.cagr).toBeCloseTo(m.cagr, 10);
    expect(j.best.metrics.maxDrawdown).toBeCloseTo(m.maxDrawdown, 10);
  }, 40_000);

  it('report results.arrow --metric calmar --top 5 ranks the grid points by Calmar, best first', async () => {
    const html = tmp('grid-report');
    const r = await xmom(['report', join(out, 'results.arrow'), '--out', html, '--metric', 'calmar', '--top', '5', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'grid', metric: 'calmar', rows: 12 });
    const t = arrow(join(out, 'results.arrow'));
    const calmar = col(t, 'calmar');
    const order = calmar.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([, i]) => String(t.getChild('point')!.get(i)));
    const page = readFileSync(join(html, 'report.html'), 'utf8');
    const body = page.slice(page.indexOf('<tbody>'), page.indexOf('</tbody>'));
    const rows = [...body.matchAll(/<tr><td>(\d+)<\/td><td>(\d+)<\/td>/g)].map((m) => m[2]); // rank, point
    expect(rows).toEqual(order);
  }, 30_000);
});

describe('xmom bench', () => {
  it('bench kernels --quick --filter copy --json runs the kernel bench script and returns its results', async () => {
    const results = join(ROOT, 'bench', 'results', 'kernels.filtered.json');
    const saved = existsSync(results) ? readFileSync(results) : null; // restored below: the test leaves the tree as it was
    try {
      const r = await spawnXmom(['bench', 'kernels', '--quick', '--filter', 'copy', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.suites.kernels.script).toBe('bench/kernels.ts');
      const file = j.suites.kernels.results['kernels.filtered.json'];
      expect(file.meta).toMatchObject({ quick: true, filter: 'copy' });
      expect(r.stderr).toContain('memory.copy'); // the script's own table goes to stderr under --json
    } finally {
      if (saved) writeFileSync(results, saved);
      else rmSync(results, { force: true });
    }
  }, 30_000);

  it('bench refuses an unknown suite and --filter on a suite without it', async () => {
    await Promise.all([
      expectBadUsage(xmom(['bench', 'everything']), "unknown benchmark suite 'everything'", 'kernels, backtest, grid'),
      expectBadUsage(xmom(['bench', 'backtest', '--filter', 'x']), '--filter applies to the kernels suite only'),
    ]);
  });
});

describe('xmom --help', () => {
  it('every command and subcommand prints usage with examples', async () => {
    const { buildProgram } = await import('../src/cli/main.js');
    const program = buildProgram();
    const seen: string[] = [];
    const visit = (cmd: ReturnType<typeof buildProgram>, path: string): void => {
      let text = '';
      cmd.configureOutput({ writeOut: (s) => { text += s; }, writeErr: (s) => { text += s; } });
      cmd.outputHelp();
      expect(text, path).toContain('Usage:');
      expect(text, path).toContain('Examples:');
      expect(text, path).toMatch(/\$ (xmom|npm start)/);
      seen.push(path);
      for (const sub of cmd.commands) visit(sub, `${path} ${sub.name()}`);
    };
    visit(program, 'xmom');
    expect(seen).toEqual(expect.arrayContaining([
      'xmom demo', 'xmom backtest', 'xmom grid', 'xmom bench', 'xmom data', 'xmom data inspect', 'xmom data convert',
      'xmom data fixtures', 'xmom data fetch', 'xmom report',
    ]));
    const r = await xmom(['backtest', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('dual-momentum');
    expect(r.stdout).toContain('lookback');
  });
});
