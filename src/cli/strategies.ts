/**
 * The strategies `xmom backtest`, `xmom signals` and `xmom grid` can run, by command-line
 * name, with their parameters typed for `--param key=value`: generated from the strategy
 * registry (src/strategies/registry.ts), so every parameter of a strategy's schema is a
 * `--param` here and appears in `--help` with its description and default (the library's
 * own, or the command line's where the schema gives one, e.g. multi-horizon's topN).
 */
import type { Table } from 'apache-arrow';
import type { Panel } from '../panel.js';
import type { Backend } from '../engine/index.js';
import { cliText, isExposed, type ParamSchema } from '../schema/param.js';
import { strategyEntries, type DataKind, type StrategyEntry } from '../strategies/registry.js';
import { MULTI_HORIZON_CLI_TOP_N } from '../strategies/multiHorizonMomentum.js';
import { UsageError } from './errors.js';
import type { ParamSpec, ParamType } from './params.js';

export type { DataKind };

/** Defaults the command line adds on top of the library's (the schemas' `cli.default`). */
export const CLI_STRATEGY_DEFAULTS = {
  /** `multiHorizonMomentum` without topN returns scores, not weights: the CLI holds the best 3. */
  multiHorizonTopN: MULTI_HORIZON_CLI_TOP_N,
} as const;

/** Loaded input of a strategy: `prices` for wide data, `rows` for long data. */
export interface StrategyInput {
  prices?: Panel;
  rows?: Table;
}

/** Prices to simulate on and the target weights (same shape); the caller frees both. */
export interface StrategyRun {
  prices: Panel;
  weights: Panel;
}

export interface StrategyDef {
  /** Command-line name, e.g. `dual-momentum`. */
  name: string;
  /** The library function it calls. */
  fn: string;
  summary: string;
  data: DataKind;
  /** Bundled fixture used when `--data` is not given (path from the repository root). */
  defaultData: string;
  params: readonly ParamSpec[];
  /** Weights from the input; `prices` in the result is the input's panel or a new one (`ownsPrices`). */
  run(input: StrategyInput, params: Record<string, unknown>, backend: Backend | undefined): StrategyRun & { ownsPrices: boolean };
}

/** How `--param` reads each schema type. */
const CLI_TYPES: Record<Exclude<ParamSchema['type'], 'option'>, ParamType> = {
  number: 'number', integer: 'int', period: 'int', boolean: 'bool', enum: 'enum',
  periodList: 'ints', numberList: 'numbers', periodPairs: 'pairs', column: 'string', string: 'string',
};

/** The `--param` spec of a schema entry: its type (or its own parser), description and default. */
export function cliParamSpec(p: ParamSchema): ParamSpec {
  const cli = p.cli === false ? undefined : p.cli;
  const shown = cli?.default ?? p.default;
  return {
    key: p.name,
    type: cli?.parse ? 'custom' : CLI_TYPES[p.type as keyof typeof CLI_TYPES],
    ...(p.choices ? { values: p.choices } : {}),
    help: p.description,
    ...(shown === undefined ? {} : { default: cliText(shown) }),
    ...(cli?.parse ? { parse: cli.parse } : {}),
  };
}

/** The command line's defaults of an entry (`cli.default` of its schema). */
function cliDefaults(e: StrategyEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of e.params) if (p.cli && p.cli.default !== undefined) out[p.name] = p.cli.default;
  return out;
}

/** The CLI view of a registered strategy. */
function cliStrategy(e: StrategyEntry): StrategyDef {
  const dflt = cliDefaults(e);
  return {
    name: e.cliName,
    fn: e.name,
    summary: e.summary,
    data: e.data,
    defaultData: e.defaultData,
    params: e.params.filter((p) => isExposed(p) && p.cli !== false).map(cliParamSpec),
    run(input, params, backend) {
      const options = { ...dflt, ...params, ...(backend === undefined ? {} : { backend }) };
      if (e.data === 'long') return { ...e.fromRows!(input.rows!, options), ownsPrices: true };
      const prices = input.prices!;
      return { prices, weights: e.weights!(prices, options), ownsPrices: false };
    },
  };
}

/** Every strategy the CLI runs, in help order (the registry's). */
export function cliStrategies(): readonly StrategyDef[] {
  return strategyEntries().map(cliStrategy);
}

/** The strategy named `name` (also accepts the library function's name), or a usage error listing them. */
export function findStrategy(name: string): StrategyDef {
  const k = name.toLowerCase().replace(/[-_]/g, '');
  const all = cliStrategies();
  const s = all.find((d) => d.name.replace(/-/g, '') === k || d.fn.toLowerCase() === k);
  if (!s) throw new UsageError(`unknown strategy '${name}'; strategies are ${all.map((d) => d.name).join(', ')}`);
  return s;
}

/** Help text: every strategy with its parameters and defaults. */
export function strategiesHelp(): string {
  return cliStrategies().map((s) => {
    const params = s.params.map((p) => {
      const d = p.default === undefined ? '' : ` (default ${String(p.default)})`;
      const v = p.values ? ` [${p.values.join('|')}]` : '';
      return `      ${p.key}${v}: ${p.help}${d}`;
    });
    return [`  ${s.name}  ${s.summary}; data ${s.data}, default ${s.defaultData}`, ...params].join('\n');
  }).join('\n');
}
