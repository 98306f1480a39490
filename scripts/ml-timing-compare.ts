/**
 * Out-of-sample comparison of ML rebalance timing against the plain weekly schedule
 * (README, "ML timing of rebalances"): multi-horizon momentum, top 3, fees 10 bps, on a
 * price file (default the bundled crypto12 fixture), evaluated from the first model
 * decision. Run: `npx tsx scripts/ml-timing-compare.ts [prices.csv]`.
 */
import { backtest, metrics, mlRebalanceTiming, multiHorizonMomentum, readPanelFile, type BacktestResult } from '../src/index.js';

const prices = readPanelFile(process.argv[2] ?? 'fixtures/crypto12.csv');
const weights = multiHorizonMomentum(prices, { topN: 3 });
const timing = mlRebalanceTiming(prices, weights, { schedule: 'weekly-sun', feesBps: 10 });
const first = timing.candidates[timing.byModel.indexOf(1)];
const weekly = backtest(prices, weights, { feesBps: 10, rebalance: 'weekly-sun' });
const ml = backtest(prices, weights, { feesBps: 10, rebalance: timing.rebalance });
const oos = (r: BacktestResult): Record<string, string> => {
  const m = metrics(r.returns.slice(first), { dates: r.dates.slice(first) });
  return { sharpe: m.sharpe.toFixed(2), cagr: m.cagr.toFixed(3), maxDrawdown: m.maxDrawdown.toFixed(3), turnover: r.turnover.slice(first).reduce((a, b) => a + b, 0).toFixed(1) };
};
const modelDates = timing.byModel.filter((x) => x === 1).length;
const kept = timing.decisions.filter((d, i) => timing.byModel[i] === 1 && d === 0).length;
const labelled = timing.labels.filter((l, i) => timing.byModel[i] === 1 && !Number.isNaN(l));
const baseRate = labelled.filter((l) => l === 1).length / labelled.length;
console.log(`from ${new Date(prices.dates()[first]).toISOString().slice(0, 10)}: ${modelDates} model dates, ${kept} kept the book`);
console.log(`hit rate ${timing.hitRate.toFixed(3)}; rebalancing won ${baseRate.toFixed(3)} of periods (always-hold hit rate ${(1 - baseRate).toFixed(3)})`);
console.log('weekly-sun', oos(weekly));
console.log('ml timing ', oos(ml));
