/**
 * Command-line forms of the per-asset costs and the drawdown stop (`xmom backtest`):
 * - `--fees-bps 10` (every asset), `--fees-bps BTC=5,ETH=8,default=10` (a map; assets not
 *   named take `default`, without it every asset must be named), or `--fees-bps FILE.csv`
 *   (a CSV file of one header row of asset names and one row of bps; a leading `date`
 *   column is ignored); the same for `--slippage-bps`;
 * - `--stop-drawdown 0.25 --stop-cooloff 1m`: the drawdown stop of `backtest`'s `stop`
 *   option (cool-off in bars, `10`, or a period `1w`, `2w`, `1m`, `3m`, `1y`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { parseCostMap } from '../backtest/costs.js';
import type { StopOption } from '../backtest/stop.js';
import { UsageError } from './errors.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The one-row CSV form: header = assets (an optional leading `date` column is dropped), one row of bps. */
function costFile(path: string): Record<string, number> {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 2) throw new InvalidArgumentError(`${path}: a cost file has a header of asset names and exactly one row of bps, got ${lines.length} lines`);
  const names = lines[0].split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
  const values = lines[1].split(',').map((s) => s.trim());
  if (names.length !== values.length) throw new InvalidArgumentError(`${path}: ${names.length} column names but ${values.length} values`);
  const from = /^(date|time|timestamp)?$/i.test(names[0]) ? 1 : 0;
  const out: Record<string, number> = {};
  for (let j = from; j < names.length; j++) {
    if (!NUMBER.test(values[j]) || Number(values[j]) < 0) throw new InvalidArgumentError(`${path}: column '${names[j]}': '${values[j]}' is not a number >= 0 (bps)`);
    out[names[j]] = Number(values[j]);
  }
  return out;
}

/** Parses `--fees-bps` / `--slippage-bps`: a number, `ASSET=bps,...` or a CSV file path. */
export function costBpsArg(text: string): number | Record<string, number> {
  const s = text.trim();
  if (NUMBER.test(s)) {
    const x = Number(s);
    if (x < 0) throw new InvalidArgumentError(`expected bps >= 0, got ${x}`);
    return x;
  }
  if (s.includes('=')) {
    try {
      return parseCostMap('xmom', 'bps', s);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message.replace(/^xmom: /, ''));
    }
  }
  if (existsSync(s)) return costFile(s);
  throw new InvalidArgumentError(`expected bps (10), a per-asset map (BTC=5,ETH=8,default=10) or a CSV file of one row (no file '${s}')`);
}

/** The `stop` option from `--stop-drawdown` / `--stop-cooloff`, or undefined; one without the other is a UsageError. */
export function stopFromFlags(drawdown: number | undefined, cooloff: string | undefined): StopOption | undefined {
  if (drawdown === undefined && cooloff === undefined) return undefined;
  if (drawdown === undefined) throw new UsageError('--stop-cooloff needs --stop-drawdown (e.g. --stop-drawdown 0.25 --stop-cooloff 1m)');
  if (cooloff === undefined) throw new UsageError('--stop-drawdown needs --stop-cooloff: bars (10) or a period (1w, 2w, 1m, 3m)');
  return { drawdown, cooloff: /^\d+$/.test(cooloff.trim()) ? Number(cooloff) : cooloff };
}
