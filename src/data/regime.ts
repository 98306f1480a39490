import type { Rng } from './random.js';

/** One state of a two-state market: drift and volatility scale, and how long it lasts. */
export interface RegimeSpec {
  /** Annualised log drift of an asset with beta 1 in this state. */
  drift: number;
  /** Multiplies every asset's base volatility in this state. */
  volScale: number;
  /** Mean duration in bars; the state is left with probability 1 / meanBars each bar. */
  meanBars: number;
}

export interface RegimeSwitching {
  bull: RegimeSpec;
  bear: RegimeSpec;
  initial: 'bull' | 'bear';
}

/**
 * A two-state Markov chain (Hamilton-style regime switching): the path of states, one
 * per bar, geometric durations with the given means. Draws one uniform per bar.
 */
export function regimePath(rng: Rng, spec: RegimeSwitching, T: number): RegimeSpec[] {
  const out: RegimeSpec[] = [];
  let bull = spec.initial === 'bull';
  for (let t = 0; t < T; t++) {
    out.push(bull ? spec.bull : spec.bear);
    if (rng.uniform() < 1 / (bull ? spec.bull.meanBars : spec.bear.meanBars)) bull = !bull;
  }
  return out;
}

/** Rounds to `digits` significant digits, so CSV text and Arrow doubles hold the same number. */
export function roundSig(x: number, digits: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
