/**
 * A small seeded random source for the synthetic markets: the same seed gives the same
 * stream on every platform (32-bit integer arithmetic, then V8's IEEE `Math.log`,
 * `Math.sqrt`, `Math.cos`, `Math.sin`).
 */
export interface Rng {
  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform on [lo, hi). */
  between(lo: number, hi: number): number;
  /** An integer uniform on lo..hi (both included). */
  int(lo: number, hi: number): number;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by the Weyl
 * increment 0x6D2B79F5 and mixed by two xorshift-multiply rounds; period 2^32, passes
 * gjrand / PractRand up to a few GB, which is plenty for fixtures.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded `Rng`: mulberry32 uniforms; normals by the Box-Muller transform
 * (z1 = sqrt(-2 ln u1) cos(2 pi u2), z2 = the same with sin, the second kept for the
 * next call), with u1 = 1 - uniform() in (0, 1] so the log is finite.
 */
export function makeRng(seed: number): Rng {
  const uniform = mulberry32(seed);
  let spare = NaN;
  return {
    uniform,
    normal() {
      if (!Number.isNaN(spare)) {
        const z = spare;
        spare = NaN;
        return z;
      }
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    between(lo, hi) {
      return lo + (hi - lo) * uniform();
    },
    int(lo, hi) {
      return lo + Math.floor((hi - lo + 1) * uniform());
    },
  };
}
