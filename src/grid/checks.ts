/**
 * The grid's checks before any work: its options, the outDir path, the cscv settings,
 * and the spec's axes against the prices (columns, volTrigger schedules and windows).
 * Every failure is an InputError naming the option or axis and what is allowed.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import { BACKENDS, type Backend } from '../engine/index.js';
import type { Panel } from '../panel.js';
import { BACKTEST_DEFAULTS } from '../backtest/options.js';
import { VOL_TRIGGER_DEFAULT_WINDOW } from '../backtest/schedule.js';
import { checkVolTrigger } from '../backtest/volTrigger.js';
import { checkBool, checkEnum, checkInt, checkNumber, checkOptions } from '../validate.js';
import { checkQueueUrl } from './distributed/url.js';
import { GRID_DEFAULTS } from './expand.js';
import { GRID_REBALANCE, type GridValue } from './params.js';
import { checkMetric, type GridMetric } from './reduce.js';
import type { ParsedGridSpec } from './spec.js';
import type { GridOptions } from './types.js';

export const GRID_OPTIONS = [
  'workers', 'limit', 'force', 'metric', 'ruinedLast', 'topK', 'progress', 'outDir', 'cscv', 'walkForward', 'periodsPerYear', 'backend',
  'includeWarmup', 'signal', 'handleSigint', 'strategy', 'onProgress', 'queue', 'heatmap', '__faultInjection',
] as const;

export function checkCscv(fn: string, c: GridOptions['cscv']): { S: number; maxBytes: number } | null {
  if (c === undefined || c === false) return null;
  const o = c === true ? {} : c;
  checkOptions(`${fn} cscv`, o, ['S', 'maxBytes']);
  const S = checkInt(fn, 'cscv.S', o.S ?? GRID_DEFAULTS.cscvS, 2);
  if (S % 2 !== 0 || S > 24) throw new InputError(`${fn}: cscv.S must be an even integer in 2..24, got ${S}`);
  const maxBytes = checkNumber(fn, 'cscv.maxBytes', o.maxBytes ?? GRID_DEFAULTS.returnsMaxBytes, { lo: 0, loOpen: true });
  return { S, maxBytes };
}

/** outDir must be a folder or not exist yet: checked before any work, not after the grid. */
export function checkOutDirPath(fn: string, dir: unknown): void {
  if (typeof dir !== 'string' || dir === '') throw new InputError(`${fn}: outDir must be a folder path, got ${JSON.stringify(dir)}`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${fn}: outDir ${dir} is a file, not a folder`);
}

/**
 * volTrigger / volTriggerWindow axes, before any work: every rebalance value must be a
 * weekly schedule, and every window must fit the prices (scheduleRows' own check).
 */
export function checkVolTriggers(spec: ParsedGridSpec, prices: Panel): void {
  const axis = (name: string): readonly GridValue[] | undefined => spec.axes.find((a) => a.section === 'backtest' && a.name === name)?.values;
  const triggers = axis('volTrigger');
  const windows = axis('volTriggerWindow');
  if (!triggers) {
    if (windows) throw new InputError('grid: volTriggerWindow needs a volTrigger axis (e.g. volTrigger=0.8q)');
    return;
  }
  const schedules = axis('rebalance') ?? [BACKTEST_DEFAULTS.rebalance];
  for (const r of schedules) {
    const s = GRID_REBALANCE[r as string];
    if (typeof s !== 'object' || Array.isArray(s)) {
      throw new InputError(`grid: volTrigger goes on a weekly rebalance (weekly, weekly-sun .. weekly-sat); rebalance = '${String(r)}'${axis('rebalance') ? '' : ' (the default)'} is not one`);
    }
  }
  for (const w of windows ?? [VOL_TRIGGER_DEFAULT_WINDOW]) {
    checkVolTrigger('grid', prices, { window: w as number, quantile: 0.5 });
  }
}

export function checkColumns(spec: ParsedGridSpec, prices: Panel): void {
  for (const axis of spec.axes) {
    if (axis.def.kind !== 'column') continue;
    for (const v of axis.values) {
      if (!prices.columns.includes(v as string)) throw new InputError(`grid: ${axis.name} = '${String(v)}' is not a column of the prices; columns are ${prices.columns.join(', ')}`);
    }
  }
}


/** The grid's options once checked, with their defaults filled in. */
export interface CheckedGridOptions {
  metric: GridMetric;
  ruinedLast: boolean;
  topK: number;
  workers: number;
  backend: Backend | undefined;
  cscv: { S: number; maxBytes: number } | null;
  /** The queue's URL, or null for a local run. */
  queue: string | null;
  includeWarmup: boolean;
}

/**
 * Checks `options` (types, ranges, combinations) before any work; unknown names are
 * checked first, by `checkOptions(fn, options, GRID_OPTIONS)`, before the spec.
 */
export function checkGridOptions(fn: string, options: GridOptions): CheckedGridOptions {
  const metric = checkMetric(fn, options.metric ?? GRID_DEFAULTS.metric);
  const ruinedLast = options.ruinedLast ?? GRID_DEFAULTS.ruinedLast;
  if (typeof ruinedLast !== 'boolean') throw new InputError(`${fn}: ruinedLast must be true or false, got ${JSON.stringify(ruinedLast)}`);
  const topK = checkInt(fn, 'topK', options.topK ?? GRID_DEFAULTS.topK, 0);
  const workers = checkInt(fn, 'workers', options.workers ?? availableParallelism(), 0);
  const backend = options.backend === undefined ? undefined : checkEnum(fn, 'backend', options.backend, BACKENDS);
  const cscv = checkCscv(fn, options.cscv);
  const queue = options.queue === undefined ? null : checkQueueUrl(fn, options.queue);
  if (queue !== null && (cscv !== null || options.walkForward !== undefined)) {
    throw new InputError(`${fn}: cscv and walkForward keep every point's returns, which a queue run does not collect; run them locally (without queue)`);
  }
  const includeWarmup = checkBool(fn, 'includeWarmup', options.includeWarmup ?? BACKTEST_DEFAULTS.includeWarmup);
  if (options.outDir !== undefined) checkOutDirPath(fn, options.outDir);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new InputError(`${fn}: onProgress must be a function (done, total) => void`);
  return { metric, ruinedLast, topK, workers, backend, cscv, queue, includeWarmup };
}

/**
 * cscv / walk-forward keep every point's returns (count x T f64): refused above
 * cscv.maxBytes (default 2 GiB) or half the machine's memory.
 */
export function checkReturnsBytes(fn: string, count: number, T: number, cscv: { maxBytes: number } | null, totalBytes: number): void {
  const bytes = count * T * 8;
  const cap = Math.min(cscv?.maxBytes ?? GRID_DEFAULTS.returnsMaxBytes, totalBytes / 2);
  if (bytes > cap) {
    throw new InputError(`${fn}: ${cscv ? 'cscv' : 'walkForward'} keeps every point's returns: ${count} points x ${T} rows x 8 bytes = ${(bytes / 2 ** 20).toFixed(0)} MiB, above the limit of ${(cap / 2 ** 20).toFixed(0)} MiB; sample fewer points${cscv ? ' or raise cscv.maxBytes' : ''}`);
  }
}
