/** Parameters several strategies share, as schema entries (descriptions as in `xmom backtest --help`). */
import type { ParamSchema } from './param.js';

/** `lookback`: bars of the momentum return (an integer >= 1). */
export const lookbackParam = (dflt: number, extra: Partial<ParamSchema> = {}): ParamSchema => ({
  name: 'lookback', type: 'period', min: 1, default: dflt, description: 'bars of the momentum return', gridable: true,
  form: { label: 'Lookback (bars)' }, ...extra,
});

/** `skip`: most recent bars left out of the return (an integer >= 0). */
export const skipParam = (dflt: number, extra: Partial<ParamSchema> = {}): ParamSchema => ({
  name: 'skip', type: 'period', min: 0, default: dflt, description: 'most recent bars left out of the return', gridable: true,
  form: { label: 'Skip (bars)' }, ...extra,
});

/** `eligible`: the 0/1 Panel of `universe` (library only; checked by `checkEligible`). */
export const eligibleOption: ParamSchema = { name: 'eligible', type: 'option', description: "0/1 eligibility Panel from `universe`, the prices' shape" };

/** `selection`: a 0/1 Panel choosing the assets weighted (library only). */
export const selectionOption: ParamSchema = { name: 'selection', type: 'option', description: "0/1 Panel of the assets held, the prices' shape" };

/** `backend`: 'wasm' (default) or 'js' (library only; checked by `kernelsFor`). */
export const backendOption: ParamSchema = { name: 'backend', type: 'option', description: "'wasm' (default) or 'js', the TypeScript twin" };

/** For values the strategy checks together with other options: the schema passes them on as given. */
export const checkedByStrategy = (_where: string, value: unknown): unknown => value;
