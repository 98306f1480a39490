/** `xmom data fetch`: Bybit klines (closes) of several symbols into one wide panel file. */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatOf } from '../io/format.js';
import { inspectPanel } from '../io/inspect.js';
import { writePanelFile } from '../io/panelFile.js';
import { fetchKlines, KLINES_DEFAULTS, KLINE_CATEGORIES, type KlineCategory } from '../bybit/klines.js';
import { KLINE_INTERVALS, type KlineInterval } from '../bybit/intervals.js';
import { UsageError } from './errors.js';
import { choiceArg, intArg } from './args.js';
import { shownPath } from './dataFile.js';
import type { Output } from './output.js';

interface FetchFlags {
  symbols: string;
  start: string;
  end?: string;
  interval?: KlineInterval;
  category?: KlineCategory;
  baseUrl?: string;
  out: string;
  maxRetries?: number;
  timeoutMs?: number;
  includeOpenCandle?: boolean;
  force?: boolean;
}

/** The `data fetch` command: `fetchKlines` then `writePanelFile`; an unreachable host is a BybitError (exit 1). */
export function fetchCommand(getOutput: (cmd: Command) => Output): Command {
  return new Command('fetch')
    .description('download Bybit klines (closes) of several symbols into one wide panel file')
    .requiredOption('-s, --symbols <list>', 'comma-separated Bybit symbols, e.g. BTCUSDT,ETHUSDT')
    .requiredOption('--start <date>', 'first candle open time (ISO date, UTC)')
    .option('--end <date>', 'last candle open time (default now)')
    .option('--interval <interval>', `candle length: ${KLINE_INTERVALS.join(', ')} (default ${KLINES_DEFAULTS.interval})`, choiceArg(KLINE_INTERVALS))
    .option('--category <category>', `${KLINE_CATEGORIES.join(' or ')} (default ${KLINES_DEFAULTS.category})`, choiceArg(KLINE_CATEGORIES))
    .option('--base-url <url>', `API host (default ${KLINES_DEFAULTS.baseUrl})`)
    .requiredOption('-o, --out <file>', 'output file: .csv, .arrow, .parquet')
    .option('--max-retries <n>', `retries per request (default ${KLINES_DEFAULTS.maxRetries})`, intArg(0))
    .option('--timeout-ms <ms>', `per-request timeout (default ${KLINES_DEFAULTS.timeoutMs})`, intArg(1))
    .option('--include-open-candle', 'keep the newest candle while it is still open')
    .option('-f, --force', 'replace the output file if it exists')
    .addHelpText('after', `
Needs network access to api.bybit.com; an unreachable host fails fast (exit 1).

Examples:
  $ xmom data fetch --symbols BTCUSDT,ETHUSDT,SOLUSDT --start 2021-01-01 --out data/crypto.arrow
  $ xmom data fetch -s BTCUSDT --start 2024-01-01 --interval 60 --category linear --out btc-1h.csv`)
    .action(async (f: FetchFlags, self: Command) => {
      const out = getOutput(self);
      const dst = resolve(f.out);
      formatOf('xmom data fetch', dst);
      if (existsSync(dst) && !f.force) throw new UsageError(`${shownPath(dst)} exists; pass --force to replace it`);
      const symbols = f.symbols.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const panel = await fetchKlines({
        symbols,
        start: f.start,
        ...(f.end !== undefined ? { end: f.end } : {}),
        ...(f.interval ? { interval: f.interval } : {}),
        ...(f.category ? { category: f.category } : {}),
        ...(f.baseUrl ? { baseUrl: f.baseUrl } : {}),
        ...(f.maxRetries !== undefined ? { maxRetries: f.maxRetries } : {}),
        ...(f.timeoutMs !== undefined ? { timeoutMs: f.timeoutMs } : {}),
        ...(f.includeOpenCandle ? { includeOpenCandle: true } : {}),
        onProgress: (p) => out.progress(`${p.symbol}: ${p.candles} candles, ${p.requests} request${p.requests === 1 ? '' : 's'}`),
      });
      out.done();
      try {
        writePanelFile(panel, dst);
        const info = inspectPanel(panel);
        if (out.json) out.result({ command: 'data fetch', output: dst, symbols, rows: panel.nRows, start: info.start, end: info.end, nanCells: info.nanCells });
        else out.text(`${symbols.join(', ')}: ${panel.nRows} candles ${info.start} .. ${info.end} -> ${shownPath(dst)}`);
      } finally {
        panel.free();
      }
    });
}

