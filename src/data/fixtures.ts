import { tableToIPC, type Table } from 'apache-arrow';
import { syntheticCrypto, syntheticFx, syntheticEquities, type CryptoConfig, type FxConfig, type EquitiesConfig } from './synthetic.js';
import { tableToCsv } from './writeCsv.js';

export interface FixturesConfig {
  crypto12?: Partial<CryptoConfig>;
  fx10?: Partial<FxConfig>;
  equities?: Partial<EquitiesConfig>;
}

/** One file of the fixture set: its name inside `fixtures/` and its bytes. */
export interface FixtureFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * The synthetic fixture files, each market as Arrow IPC (file format, `.arrow`) and
 * CSV: `crypto12`, `fx10` (wide: date + one column per asset) and `equities` (long:
 * date, symbol, close, market_cap, dollar_volume). Pure: same config, same bytes;
 * `scripts/make-fixtures.ts` writes them to `fixtures/`.
 */
export function buildFixtures(config: FixturesConfig = {}): FixtureFile[] {
  const crypto = syntheticCrypto(config.crypto12);
  const fx = syntheticFx(config.fx10);
  const tables: [string, Table][] = [
    ['crypto12', crypto.toArrow()],
    ['fx10', fx.toArrow()],
    ['equities', syntheticEquities(config.equities)],
  ];
  crypto.free();
  fx.free();
  const enc = new TextEncoder();
  return tables.flatMap(([name, table]) => [
    { name: `${name}.arrow`, bytes: tableToIPC(table, 'file') },
    { name: `${name}.csv`, bytes: enc.encode(tableToCsv(table)) },
  ]);
}

/** The fixtures' Arrow files, by name. */
export const FIXTURE_ARROW_FILES = ['crypto12.arrow', 'fx10.arrow', 'equities.arrow'] as const;
export type FixtureArrowFile = (typeof FIXTURE_ARROW_FILES)[number];

/**
 * One fixture's Arrow IPC file, built alone: the same bytes as the `name` entry of
 * `buildFixtures()` (default seeds) and as `fixtures/<name>`. The npm package ships
 * crypto12.arrow only; the CLI builds the others with this when it needs them.
 */
export function fixtureArrowBytes(name: FixtureArrowFile): Uint8Array {
  if (name === 'equities.arrow') return tableToIPC(syntheticEquities(), 'file');
  const panel = name === 'crypto12.arrow' ? syntheticCrypto() : syntheticFx();
  try {
    return tableToIPC(panel.toArrow(), 'file');
  } finally {
    panel.free();
  }
}
