/**
 * `xmom demo` (also `xmom` alone, and `npm start`): the main job of seed 000. Dual
 * momentum on the bundled synthetic 12-coin universe with volatility targeting (30%
 * annualised, 30-bar window, scale capped at 2) and weekly rebalancing, against
 * buy-and-hold BTC and the equal-weight portfolio; prints the metrics side by side,
 * the seed's headline claims next to ours, and writes out/report.html.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { DUAL_MOMENTUM_DEFAULTS } from '../strategies/dualMomentum.js';
import { VOL_TARGET_DEFAULTS } from '../weighting/volTarget.js';
import { formatMetric } from '../report/format.js';
import type { Metrics } from '../metrics/metrics.js';
import type { BacktestFlags } from './backtestFlags.js';
import { bundledDataPath, shownPath } from './dataFile.js';
import type { Output } from './output.js';
import { printRun, runJson, writeRunReport } from './runOutput.js';
import { checkOutDir, OUT_FILES } from './outDir.js';
import { runStrategy, type RunOutcome } from './run.js';
import { findStrategy } from './strategies.js';
import { textTable } from './table.js';

/** The demo's configuration (one place). */
export const DEMO = Object.freeze({
  data: 'fixtures/crypto12.arrow',
  strategy: 'dual-momentum',
  /** Library defaults (lookback 252 bars, top 3); USDT, the stablecoin, takes empty slots. */
  params: { lookback: DUAL_MOMENTUM_DEFAULTS.lookback, topN: DUAL_MOMENTUM_DEFAULTS.topN, defensive: 'USDT' },
  /** Seed 000: vol target 30%, 30-bar window, cap 2x; weekly rebalancing on Sunday; an exchange taker fee of 10 bps. */
  flags: {
    volTarget: VOL_TARGET_DEFAULTS.target, volWindow: VOL_TARGET_DEFAULTS.window, volCap: VOL_TARGET_DEFAULTS.cap,
    rebalance: 'weekly:sun', feesBps: 10,
  } satisfies BacktestFlags,
  label: 'Dual momentum',
  outDir: 'out',
  /** Seed 002's strategy on the synthetic equities, for its headline claim: the seed's 0.5 bp fee. */
  equities: { data: 'fixtures/equities.arrow', strategy: 'double-sort', flags: { feesBps: 0.5 } satisfies BacktestFlags },
});

type ClaimKey = 'cagr' | 'annualVolatility' | 'maxDrawdown' | 'sharpe' | 'calmar';

/**
 * Seed 000's "Typical Results for Cryptocurrencies" table (real Bybit data per the seed;
 * DOMAIN.md "Headline claims"), by our series names.
 */
export const SEED_000_CLAIMS: Readonly<Record<string, Record<ClaimKey, number>>> = Object.freeze({
  'Dual momentum': { cagr: 0.55, annualVolatility: 0.40, maxDrawdown: -0.35, sharpe: 1.35, calmar: 1.57 },
  'Buy & hold BTC': { cagr: 0.45, annualVolatility: 0.75, maxDrawdown: -0.85, sharpe: 0.6, calmar: 0.53 },
  'Equal weight': { cagr: 0.35, annualVolatility: 0.60, maxDrawdown: -0.75, sharpe: 0.58, calmar: 0.47 },
});

/** Seed 002's backtest table (US equities from 2000; DOMAIN.md "Headline claims"). */
export const SEED_002_CLAIMS = Object.freeze({ cagr: 0.2358, annualVolatility: 0.3652, sharpe: 0.65 });

const CLAIM_ROWS: readonly [ClaimKey, string, 'percent' | 'ratio'][] = [
  ['cagr', 'CAGR', 'percent'], ['annualVolatility', 'Volatility', 'percent'], ['maxDrawdown', 'Max drawdown', 'percent'],
  ['sharpe', 'Sharpe', 'ratio'], ['calmar', 'Calmar', 'ratio'],
];

/** Seed 002's claims next to the double sort on the synthetic equities. */
export function equitiesClaimsTable(m: Metrics): string[] {
  const rows: [keyof typeof SEED_002_CLAIMS, string, 'percent' | 'ratio'][] = [
    ['cagr', 'Annual return (CAGR)', 'percent'], ['annualVolatility', 'Volatility', 'percent'], ['sharpe', 'Sharpe', 'ratio'],
  ];
  return textTable(['Metric', 'Double sort: seed', 'ours'], rows.map(([k, label, fmt]) => [label, formatMetric(SEED_002_CLAIMS[k], fmt), formatMetric(m[k], fmt)]));
}

const SYNTHETIC_NOTICE = [
  'NOTE: the data are SYNTHETIC. fixtures/crypto12.arrow and fixtures/equities.arrow are simulated',
  'markets (regime-switching random walks with fixed seeds; see fixtures/README.md), not real prices.',
  'The numbers below show what the engine computes; they are not real or expected performance.',
];

/** Seed claims vs our numbers: one row per metric, a (seed, ours) column pair per series. */
export function claimsTable(o: RunOutcome): string[] {
  const names = o.comparison.names;
  const ours = (name: string): Metrics | undefined => o.comparison.metrics[names.indexOf(name)];
  const series = Object.keys(SEED_000_CLAIMS).filter((n) => names.includes(n));
  const header = ['Metric', ...series.flatMap((n) => [`${n}: seed`, 'ours'])];
  const rows = CLAIM_ROWS.map(([key, label, fmt]) => [
    label,
    ...series.flatMap((n) => [formatMetric(SEED_000_CLAIMS[n][key], fmt), formatMetric(ours(n)![key], fmt)]),
  ]);
  return textTable(header, rows);
}

/** The `demo` command (also run by `xmom` without a command). */
export function demoCommand(getOutput: (cmd: Command) => Output): Command {
  return new Command('demo')
    .description("the seed's main job: dual momentum + vol targeting on the synthetic 12-coin universe vs buy-and-hold BTC and equal weight (the default command)")
    .option('-o, --out <dir>', `folder of report.html and the series files (default ${DEMO.outDir}, the demo's own folder, replaced on every run)`, DEMO.outDir)
    .option('-f, --force', 'replace the report in a --out folder that already holds one')
    .addHelpText('after', `
Runs dual momentum (lookback ${DEMO.params.lookback} bars, top ${DEMO.params.topN}, empty slots in ${DEMO.params.defensive}) on
${DEMO.data}, scales each position to a ${DEMO.flags.volTarget * 100}% annualised volatility
(${DEMO.flags.volWindow}-bar window, at most ${DEMO.flags.volCap}x), rebalances weekly on Sundays with ${DEMO.flags.feesBps} bps fees, and
compares it with buy-and-hold BTC and the equal-weight portfolio over the same window.
The data are synthetic (fixtures/README.md).

Examples:
  $ npm start
  $ xmom demo --out /tmp/demo
  $ xmom --json`)
    .action(async (f: { out: string; force?: boolean }, self: Command) => {
      const out = getOutput(self);
      const started = performance.now();
      // The default folder is the demo's own (npm start rewrites it); another one is checked like backtest --out.
      checkOutDir('--out', resolve(f.out), OUT_FILES.backtest, f.force === true || self.getOptionValueSource('out') === 'default');
      const strategy = findStrategy(DEMO.strategy);
      out.progress('running the backtest...');
      const o = runStrategy({
        strategy, params: { ...DEMO.params }, dataPath: bundledDataPath(DEMO.data), reader: {}, flags: { ...DEMO.flags }, label: DEMO.label,
      });
      let eq: RunOutcome | null = null;
      try {
        out.progress('running the double sort on the synthetic equities...');
        eq = runStrategy({
          strategy: findStrategy(DEMO.equities.strategy), params: {}, dataPath: bundledDataPath(DEMO.equities.data), reader: {},
          flags: { ...DEMO.equities.flags }, benchmark: false,
        });
        const eqMetrics = eq.comparison.metrics[0];
        out.progress('writing the report...');
        const report = await writeRunReport(o, resolve(f.out), 'xmom demo: dual momentum on a synthetic crypto universe (seed 000)');
        out.done();
        const seconds = (performance.now() - started) / 1000;
        if (out.json) {
          out.result(runJson(o, {
            command: 'demo', synthetic: true, strategy: strategy.name, params: DEMO.params, report, seedClaims: SEED_000_CLAIMS, seconds,
            equities: { strategy: DEMO.equities.strategy, data: bundledDataPath(DEMO.equities.data), window: eq.window, metrics: eqMetrics, seedClaims: SEED_002_CLAIMS },
          }));
          return;
        }
        out.text("xmom demo: the main job of seed 000 (cross-asset momentum on crypto)");
        out.text(`  ${DEMO.label} (lookback ${DEMO.params.lookback}, top ${DEMO.params.topN}, defensive ${DEMO.params.defensive})`
          + ` + volatility target ${DEMO.flags.volTarget * 100}% (${DEMO.flags.volWindow}-bar window, cap ${DEMO.flags.volCap}x),`);
        out.text(`  weekly rebalancing (Sundays), ${DEMO.flags.feesBps} bps fees; vs buy-and-hold BTC and equal weight`);
        out.text('');
        for (const l of SYNTHETIC_NOTICE) out.text(l);
        out.text('');
        printRun(out, o, `${DEMO.label} vs benchmarks`);
        out.text('');
        out.text("Seed 000's claimed results (real crypto prices, per the seed) next to ours (synthetic data):");
        for (const l of claimsTable(o)) out.text(l);
        out.text('');
        out.text(`Seed 002's claims (US equities from 2000) next to the double sort on the synthetic equities (${DEMO.equities.data},`);
        out.text(`${eq.window.start} .. ${eq.window.end}, monthly, ${DEMO.equities.flags.feesBps} bp fees):`);
        for (const l of equitiesClaimsTable(eqMetrics)) out.text(l);
        out.text('');
        out.text(`report: ${shownPath(report)} (${seconds.toFixed(1)} s)`);
      } finally {
        o.free();
        eq?.free();
      }
    });
}
