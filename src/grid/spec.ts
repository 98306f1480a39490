/**
 * Grid specifications: which strategy, which parameters take which values. Two input
 * forms, one normalised result (`ParsedGridSpec`):
 * - a JSON object (or JSON text, or the path of a .json file)
 *   `{ strategy, params: { name: values }, backtest: { name: values, volTarget: { name: values } }, sample?: { n, seed } }`
 *   where values are an array, a range `{ from, to, step }` or one value;
 * - command-line tokens `strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly`
 *   (see `RANGE_FORMS`); `sample=N` and `seed=S` pick N random points; a name is looked up
 *   among the strategy's parameters first, then the backtester's (`backtest.NAME` forces
 *   the backtester's, e.g. `backtest.leverage` for fxTrend, whose own `leverage` differs).
 * Every error is raised here, before any work: unknown names (listing the valid ones),
 * malformed or empty ranges (quoting the token and the accepted forms), bad values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { BACKTEST_PARAMS, gridStrategyNames, strategyParamDefs, type GridStrategy, type GridValue, type ParamDef } from './params.js';
import { parseRangeText, valuesFromJson } from './ranges.js';

/** The JSON form of a grid specification. */
export interface GridSpec {
  strategy: GridStrategy;
  /** Strategy options: values per name. */
  params?: Record<string, unknown>;
  /**
   * Backtest options: feesBps, slippageBps (numbers, or a per-asset map given as one fixed
   * value, e.g. { BTC: 5, default: 10 }), feesScale, rebalance, band, bandRel, leverage, lag,
   * volTarget: { target, window, cap, mode }, stop: { drawdown, cooloff }.
   */
  backtest?: Record<string, unknown>;
  /** Run `n` points drawn at random (without replacement, seeded) instead of the whole product. */
  sample?: { n: number; seed?: number };
}

/** One varied (or fixed) parameter of a grid. */
export interface GridAxis {
  /** Name as in the strategy / backtest options (`volTarget.target` for nested ones). */
  name: string;
  section: 'strategy' | 'backtest';
  /** Column of the results table: the name, or `backtest.NAME` when the strategy has a parameter of the same name. */
  column: string;
  def: ParamDef;
  values: readonly GridValue[];
}

/** A validated grid specification. Axes are in the order given; the first varies slowest. */
export interface ParsedGridSpec {
  strategy: GridStrategy;
  axes: readonly GridAxis[];
  sample: { n: number; seed: number } | null;
}

const TOP_KEYS = ['strategy', 'params', 'backtest', 'sample'];

function checkStrategy(s: unknown): GridStrategy {
  const names = gridStrategyNames();
  if (typeof s !== 'string' || !names.includes(s)) {
    throw new InputError(`grid: strategy must be one of ${names.join(', ')}, got ${JSON.stringify(s)}`);
  }
  return s as GridStrategy;
}

function validNames(strategy: GridStrategy): string {
  return `valid parameters of ${strategy}: ${strategyParamDefs(strategy).map((d) => d.name).join(', ')}; of the backtester: ${BACKTEST_PARAMS.map((d) => d.name).join(', ')}`;
}

function axisFor(strategy: GridStrategy, section: 'strategy' | 'backtest', def: ParamDef, values: readonly GridValue[]): GridAxis {
  const clash = section === 'backtest' && strategyParamDefs(strategy).some((d) => d.name === def.name);
  return { name: def.name, section, column: clash ? `backtest.${def.name}` : def.name, def, values };
}

function strategyDef(strategy: GridStrategy, name: string): ParamDef | undefined {
  return strategyParamDefs(strategy).find((d) => d.name === name);
}

function backtestDef(name: string): ParamDef | undefined {
  return BACKTEST_PARAMS.find((d) => d.name === name);
}

function unknown(strategy: GridStrategy, name: string, where: string): InputError {
  return new InputError(`grid: unknown parameter '${name}'${where}; ${validNames(strategy)}`);
}

function checkSample(value: unknown): { n: number; seed: number } {
  const s = value as { n?: unknown; seed?: unknown };
  if (typeof value !== 'object' || value === null || Object.keys(value).some((k) => k !== 'n' && k !== 'seed')) {
    throw new InputError(`grid: sample must be { n, seed? }, got ${JSON.stringify(value)}`);
  }
  if (typeof s.n !== 'number' || !Number.isInteger(s.n) || s.n < 1) throw new InputError(`grid: sample.n must be an integer >= 1, got ${JSON.stringify(s.n)}`);
  const seed = s.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new InputError(`grid: sample.seed must be an integer, got ${JSON.stringify(seed)}`);
  return { n: s.n, seed };
}

function fromObject(o: GridSpec): ParsedGridSpec {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new InputError('grid: a spec must be an object { strategy, params, backtest, sample }');
  for (const k of Object.keys(o)) {
    if (!TOP_KEYS.includes(k)) throw new InputError(`grid: unknown spec key '${k}'; valid keys are ${TOP_KEYS.join(', ')}`);
  }
  const strategy = checkStrategy(o.strategy);
  const axes: GridAxis[] = [];
  const params = o.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new InputError('grid: params must be an object { name: values }');
  for (const [name, value] of Object.entries(params)) {
    const def = strategyDef(strategy, name);
    if (!def) {
      const hint = backtestDef(name) || name === 'volTarget' ? ` in params ('${name}' is a backtest parameter: put it under backtest)` : ' in params';
      throw unknown(strategy, name, hint);
    }
    axes.push(axisFor(strategy, 'strategy', def, valuesFromJson(def, value)));
  }
  const bt = o.backtest ?? {};
  if (typeof bt !== 'object' || bt === null || Array.isArray(bt)) throw new InputError('grid: backtest must be an object { name: values }');
  for (const [name, value] of Object.entries(bt)) {
    if (name === 'volTarget' || name === 'stop') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InputError(name === 'stop'
          ? "grid: backtest.stop must be an object, e.g. { drawdown: [0.2, 0.3], cooloff: '1m' }"
          : 'grid: backtest.volTarget must be an object, e.g. { target: [0.2, 0.3], window: 30 }');
      }
      for (const [sub, v] of Object.entries(value)) {
        const def = backtestDef(`${name}.${sub}`);
        if (!def) throw unknown(strategy, `${name}.${sub}`, ' in backtest');
        axes.push(axisFor(strategy, 'backtest', def, valuesFromJson(def, v)));
      }
      continue;
    }
    const def = backtestDef(name);
    if (!def) throw unknown(strategy, name, ' in backtest');
    axes.push(axisFor(strategy, 'backtest', def, valuesFromJson(def, value)));
  }
  checkDuplicates(axes);
  return { strategy, axes, sample: o.sample === undefined ? null : checkSample(o.sample) };
}

function checkDuplicates(axes: readonly GridAxis[]): void {
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.column)) throw new InputError(`grid: parameter '${a.column}' is given twice`);
    seen.add(a.column);
  }
  // The drawdown stop takes both of its settings; drawdown must stay below 1.
  const dd = axes.find((a) => a.name === 'stop.drawdown');
  const co = axes.find((a) => a.name === 'stop.cooloff');
  if ((dd === undefined) !== (co === undefined)) throw new InputError(`grid: ${dd ? 'stop.drawdown needs stop.cooloff' : 'stop.cooloff needs stop.drawdown'} (the drawdown stop takes both)`);
  if (dd && dd.values.some((v) => !((v as number) < 1))) throw new InputError('grid: stop.drawdown must be a number in (0, 1), e.g. 0.25');
}

function fromTokens(tokens: readonly string[], strategyOpt?: string): ParsedGridSpec {
  const pairs = tokens.filter((t) => t.trim() !== '').map((t) => {
    const eq = t.indexOf('=');
    if (eq <= 0) throw new InputError(`grid: bad token '${t}'; expected name=values, e.g. lookback=20:260:20`);
    return [t.slice(0, eq).trim(), t.slice(eq + 1).trim()] as const;
  });
  const strategyTok = pairs.find(([n]) => n === 'strategy');
  const strategy = checkStrategy(strategyTok ? strategyTok[1] : strategyOpt ?? (() => {
    throw new InputError(`grid: no strategy; give strategy=NAME (one of ${gridStrategyNames().join(', ')})`);
  })());
  const axes: GridAxis[] = [];
  let n: number | undefined;
  let seed: number | undefined;
  for (const [name, text] of pairs) {
    if (name === 'strategy') continue;
    if (name === 'sample' || name === 'seed') {
      if (!/^[-+]?\d+$/.test(text)) throw new InputError(`grid: bad token '${name}=${text}'; ${name} must be an integer`);
      if (name === 'sample') n = Number(text);
      else seed = Number(text);
      continue;
    }
    const forced = name.startsWith('backtest.');
    const bare = forced ? name.slice('backtest.'.length) : name;
    const sdef = forced ? undefined : strategyDef(strategy, bare);
    const bdef = sdef ? undefined : backtestDef(bare);
    if (!sdef && !bdef) throw unknown(strategy, name, '');
    if (text === '') throw new InputError(`grid: bad token '${name}='; give values after '=', e.g. ${name}=1,2`);
    axes.push(sdef ? axisFor(strategy, 'strategy', sdef, parseRangeText(sdef, text)) : axisFor(strategy, 'backtest', bdef!, parseRangeText(bdef!, text)));
  }
  checkDuplicates(axes);
  if (seed !== undefined && n === undefined) throw new InputError('grid: seed=S needs sample=N (the number of points to draw)');
  return { strategy, axes, sample: n === undefined ? null : checkSample({ n, seed: seed ?? 0 }) };
}

/**
 * Parses and validates a grid specification (see the module doc for the forms). A string
 * is JSON when it starts with `{`, a file when it names an existing `.json` file, else
 * whitespace-separated tokens; an array of strings is tokens. `options.strategy` names
 * the strategy when the tokens do not. Throws InputError before any work on: unknown
 * keys or parameters (listing the valid ones), malformed or empty ranges (the token and
 * the accepted forms), values out of range, a parameter given twice. O(values).
 */
export function parseGridSpec(input: GridSpec | ParsedGridSpec | string | readonly string[], options: { strategy?: string } = {}): ParsedGridSpec {
  if (isParsed(input)) return input;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.startsWith('{')) return fromObject(parseJson(text, 'the spec'));
    if (text.endsWith('.json') && existsSync(text)) return fromObject(parseJson(readFileSync(text, 'utf8'), text));
    return fromTokens(text.split(/\s+/), options.strategy);
  }
  if (Array.isArray(input)) return fromTokens(input as readonly string[], options.strategy);
  return fromObject(input as GridSpec);
}

function parseJson(text: string, what: string): GridSpec {
  try {
    return JSON.parse(text) as GridSpec;
  } catch (e) {
    throw new InputError(`grid: ${what} is not valid JSON: ${(e as Error).message}`);
  }
}

function isParsed(x: unknown): x is ParsedGridSpec {
  return typeof x === 'object' && x !== null && Array.isArray((x as ParsedGridSpec).axes) && 'sample' in x && !('params' in x);
}
