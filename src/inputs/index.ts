/**
 * Inputs: the one module every layer uses to take data in — the Panel / Arrow adapter
 * (`asPanel`, `withPanel`, `withPrices`), the price, label, date and lookback checks,
 * `rowLabel` for messages and the one periodsPerYear resolver.
 */
export { asPanel, withPanel, withPrices, type Accepts, type OwnedPanel, type PanelInput, type PriceInput, type SeriesInput } from './panel.js';
export { checkAligned, checkIncreasingDates, checkLookback, checkPrices, rowLabel, type AlignedOptions } from './checks.js';
export { resolvePeriodsPerYear } from './periods.js';
