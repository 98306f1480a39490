/**
 * Overfitting statistics of a set of backtests (isomorphic): the deflated Sharpe ratio
 * (Bailey & Lopez de Prado 2014) and the probability of backtest overfitting by CSCV
 * (Bailey, Borwein, Lopez de Prado & Zhu 2017). The grid uses both on its points.
 */
export { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe, normalCdf, EULER_MASCHERONI } from './deflatedSharpe.js';
export type { DeflatedSharpeInput, DeflatedSharpeResult } from './deflatedSharpe.js';
export { pbo, PBO_DEFAULTS } from './pbo.js';
export type { PboInput, PboOptions, PboResult } from './pbo.js';
