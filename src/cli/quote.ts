/** `--quote usd`: ECB euro reference rates -> USD per foreign unit, for the FX strategies. */
import type { Panel } from '../panel.js';
import { ecbToUsd, EM_CURRENCIES, G10_CURRENCIES } from '../data/ecb.js';
import { UsageError } from './errors.js';

/** Currency sets `--currencies` accepts by name. */
export const CURRENCY_SETS: Readonly<Record<string, readonly string[]>> = Object.freeze({ g10: G10_CURRENCIES, em: EM_CURRENCIES });

/** The converted panel and a line saying which columns it used and how. */
export interface Quoted {
  panel: Panel;
  note: string;
}

/**
 * Converts an ECB-style panel (currency columns per 1 EUR, one of them USD) to USD per
 * foreign unit with `ecbToUsd`: `<C>USD` = USD / C, `EURUSD` = USD. `currencies`: 'g10'
 * (default), 'em', 'all' (every column but USD) or a comma-separated list. The input
 * panel is not freed. Bad values are UsageErrors naming the flag.
 */
export function quoteUsd(panel: Panel, quote: string, currencies: string | undefined): Quoted {
  if (quote.toLowerCase() !== 'usd') throw new UsageError(`--quote: only 'usd' is supported (USD per unit of each foreign currency), got '${quote}'`);
  if (!panel.columns.includes('USD')) {
    throw new UsageError(`--quote usd converts ECB rates (currency per 1 EUR) and needs a USD column; the data's columns are ${panel.columns.join(', ')}`);
  }
  const spec = (currencies ?? 'g10').trim();
  const list = spec.toLowerCase() === 'all' ? undefined
    : CURRENCY_SETS[spec.toLowerCase()] ?? spec.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const out = ecbToUsd(panel, list);
  const how = out.columns.map((c) => (c === 'EURUSD' ? 'EURUSD = USD' : `${c} = USD / ${c.slice(0, -3)}`));
  return { panel: out, note: `quote usd (${spec}): ${how.join(', ')}` };
}
