/**
 * `xmom data`: inspect a data file (every row read accounted for), convert between CSV,
 * Arrow / Feather and Parquet, regenerate the synthetic fixtures, fetch Bybit klines.
 */
import { Command } from 'commander';
import { convertCommand } from './dataConvert.js';
import { fetchCommand } from './dataFetch.js';
import { fixturesCommand } from './dataFixtures.js';
import { inspectCommand } from './dataInspect.js';
import type { Output } from './output.js';

/** The `data` command group. */
export function dataCommand(getOutput: (cmd: Command) => Output): Command {
  return new Command('data')
    .description('data files: inspect, convert, fixtures, fetch')
    .addCommand(inspectCommand(getOutput))
    .addCommand(convertCommand(getOutput))
    .addCommand(fixturesCommand(getOutput))
    .addCommand(fetchCommand(getOutput))
    .addHelpText('after', `
Examples:
  $ xmom data inspect fixtures/crypto12.csv
  $ xmom data convert fixtures/crypto12.csv /tmp/crypto12.parquet
  $ xmom data fixtures
  $ xmom data fetch --symbols BTCUSDT,ETHUSDT --start 2023-01-01 --out data/btc-eth.arrow`);
}

