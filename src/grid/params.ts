/**
 * The parameters a grid may vary: per strategy (the options of the strategy function of
 * the same name) and for the backtester (a subset of `backtest` options, plus volatility
 * targeting through `volTarget`). One table, used by the spec parser to reject unknown
 * names (listing the valid ones) and out-of-range values before any work is done.
 */
import type { RebalanceSchedule } from '../backtest/options.js';
import { SCHEDULE_NAMES, VOL_TRIGGER_DEFAULT_WINDOW } from '../backtest/schedule.js';
import { parseVolThreshold, volThresholdText } from '../backtest/volTrigger.js';
import { BACKTEST_SCHEMA } from '../backtest/schema.js';
import type { ParamSchema } from '../schema/param.js';
import { VOL_TARGET_PARAMS } from '../weighting/volTarget.js';
import { BUILTIN_STRATEGIES, strategyEntries, strategyEntry } from '../strategies/registry.js';

/** The grid strategies that ship with the package (`gridStrategyNames()` adds registered ones). */
export const GRID_STRATEGIES = ['dualMomentum', 'tsm', 'csm', 'multiHorizonMomentum', 'fxTrend'] as const;
/** A strategy name: a built-in one, or one added with `registerStrategy`. */
export type GridStrategy = (typeof GRID_STRATEGIES)[number] | (string & Record<never, never>);

/** One grid value: a number, a name, a flag, or (for list parameters) an array. */
export type GridValue = number | string | boolean | readonly number[] | readonly (readonly number[])[];

/** The parameters of one grid point, by name (`volTarget.target` for nested ones). */
export type GridParams = Record<string, GridValue>;

export type ParamKind = 'int' | 'number' | 'enum' | 'bool' | 'intList' | 'numberList' | 'pairList' | 'column' | 'volThreshold' | 'costBps' | 'cooloff';

export interface ParamDef {
  name: string;
  kind: ParamKind;
  /** Lower / upper bounds of numbers (open when the flag is set). */
  min?: number;
  minOpen?: boolean;
  max?: number;
  /** Allowed names of an enum. */
  values?: readonly string[];
  /** One line for error messages and docs. */
  doc: string;
}

/**
 * Rebalance schedules by grid name: SCHEDULE_NAMES of src/backtest/schedule.ts, the one
 * table `backtest`, the CLI and the browser read too (`weekly` = Mondays, `weekly-sun` ..
 * `weekly-sat`, `monthly` = `monthly-last`, `monthly-first`).
 */
export const GRID_REBALANCE: Readonly<Record<string, RebalanceSchedule>> = SCHEDULE_NAMES;

const KINDS: Partial<Record<ParamSchema['type'], ParamKind>> = {
  integer: 'int', period: 'int', number: 'number', enum: 'enum', boolean: 'bool',
  periodList: 'intList', numberList: 'numberList', periodPairs: 'pairList', column: 'column',
};

/** The grid's view of a schema entry (its kind, bounds and description). */
export function gridParamDef(p: ParamSchema): ParamDef {
  const kind = (p.gridKind as ParamKind | undefined) ?? KINDS[p.type];
  if (kind === undefined) throw new Error(`grid: parameter '${p.name}' of type ${p.type} cannot be a grid axis`);
  return {
    name: p.name, kind, doc: p.description,
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.minOpen ? { minOpen: true } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
    ...(p.choices ? { values: p.choices } : {}),
  };
}

/** Names of the strategies a grid runs: GRID_STRATEGIES, then the registered ones with `grid: true`. */
export function gridStrategyNames(): string[] {
  const added = strategyEntries().filter((e) => e.grid && !(GRID_STRATEGIES as readonly string[]).includes(e.name)).map((e) => e.name);
  return [...GRID_STRATEGIES, ...added];
}

/** The parameters a grid may vary for `strategy`: the `gridable` entries of its schema, in schema order. */
export function strategyParamDefs(strategy: string): readonly ParamDef[] {
  const e = strategyEntry(strategy);
  return e ? e.params.filter((p) => p.gridable).map(gridParamDef) : [];
}

/**
 * Defaults of the strategy parameters the grid engine reads when a spec leaves them out:
 * the schema's defaults of its gridable parameters (multiHorizonMomentum's topN has none:
 * it is required).
 */
export function strategyParamDefaults(strategy: string): GridParams {
  const out: GridParams = {};
  for (const p of strategyEntry(strategy)?.params ?? []) if (p.gridable && p.default !== undefined) out[p.name] = p.default as GridValue;
  return out;
}

const builtinGrid = BUILTIN_STRATEGIES.filter((n) => (GRID_STRATEGIES as readonly string[]).includes(n));

/** The strategy parameters a grid may vary, per built-in strategy (`strategyParamDefs` for any). */
export const STRATEGY_PARAMS: Readonly<Record<string, readonly ParamDef[]>> = Object.freeze(
  Object.fromEntries(builtinGrid.map((n) => [n, strategyParamDefs(n)])),
);

/**
 * The axes that came after volTarget.* (the fee scale and the drawdown stop) stay listed after
 * it, so that messages and help listing the backtester's axes keep their order.
 */
function addedLater(p: ParamSchema): boolean {
  return p.name === 'feesScale' || p.name.startsWith('stop.');
}

/** Backtest parameters a grid may vary: the gridable entries of BACKTEST_SCHEMA (volTarget.* as `volTarget` options). */
export const BACKTEST_PARAMS: readonly ParamDef[] = Object.freeze([
  ...BACKTEST_SCHEMA.filter((p) => p.gridable && !addedLater(p)).map(gridParamDef),
  ...VOL_TARGET_PARAMS.filter((p) => p.gridable).map((p) => gridParamDef({ ...p, name: `volTarget.${p.name}` })),
  ...BACKTEST_SCHEMA.filter((p) => p.gridable && addedLater(p)).map(gridParamDef),
]);

/** Defaults of the strategy parameters, per built-in strategy (`strategyParamDefaults` for any). */
export const STRATEGY_PARAM_DEFAULTS: Readonly<Record<string, GridParams>> = Object.freeze(
  Object.fromEntries(builtinGrid.map((n) => [n, strategyParamDefaults(n)])),
);

/** A short description of a parameter's allowed values, for error messages. */
export function describeParam(d: ParamDef): string {
  switch (d.kind) {
    case 'int': return `an integer >= ${d.min ?? 0}`;
    case 'number': {
      const lo = d.min === undefined ? '' : `${d.minOpen ? '>' : '>='} ${d.min}`;
      const hi = d.max === undefined ? '' : `<= ${d.max}`;
      return `a number${lo || hi ? ' ' : ''}${[lo, hi].filter(Boolean).join(' and ')}`;
    }
    case 'enum': return `one of ${(d.values ?? []).join(', ')}`;
    case 'bool': return 'true or false';
    case 'intList': return `a list of integers >= ${d.min ?? 0}, e.g. [7,30,90]`;
    case 'numberList': return 'a list of numbers, e.g. [0.3,0.4,0.3]';
    case 'pairList': return 'a list of [short, long] integer pairs, e.g. [[8,24],[16,48]]';
    case 'column': return 'a column name of the prices';
    case 'volThreshold': return 'a quantile such as 0.8q or an annualised volatility level > 0 such as 0.8';
    case 'costBps': return 'a number >= 0 (bps) or a per-asset map such as BTC=5;ETH=8;default=10 (JSON: { "BTC": 5, "default": 10 })';
    case 'cooloff': return "a number of bars (an integer >= 1) or a period <n><d|w|m|y> such as 1w, 1m, 3m";
  }
}

/** A volTrigger value (`'0.8q'`, `'0.8'` or the number 0.8) in canonical text, or null when it is not one. */
export function volTriggerText(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  try {
    return volThresholdText(parseVolThreshold('grid: volTrigger', String(v)));
  } catch {
    return null;
  }
}

/**
 * The schedule name a point runs under: the rebalance name, or with a volTrigger the
 * `parseSchedule` spelling `<rebalance>+vol<window>:<threshold>` (e.g.
 * `weekly-sun+vol30:0.8q`).
 */
export function scheduleKey(rebalance: string, volTrigger: unknown, window: number | undefined): string {
  if (volTrigger === undefined) return rebalance;
  return `${rebalance}+vol${window ?? VOL_TRIGGER_DEFAULT_WINDOW}:${volTriggerText(volTrigger) ?? String(volTrigger)}`;
}
