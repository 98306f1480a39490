// Timing with benchmark.js (warm-up, calibrated cycles, repeated samples), plus a
// plain few-runs timer for calls too slow for benchmark.js' minimum sample count.
import Benchmark from 'benchmark';

// Always call the function by reference: benchmark.js inlines a test's decompiled source
// when setup / teardown are given, which would drop the closure the test needs.
Benchmark.support.decompilation = false;

export interface Timing {
  /** Median time per call over the samples (ms). */
  ms: number;
  /** benchmark.js relative margin of error of the mean (%); 0 for the few-runs timer. */
  rme: number;
  samples: number;
  method: 'benchmark.js' | 'runs';
}

export interface TimingPolicy {
  /** benchmark.js maxTime per function (s). */
  maxTime: number;
  minSamples: number;
  /** Above this single-run duration (ms) use `slowRuns` plain runs instead of benchmark.js. */
  slowMs: number;
  slowRuns: number;
}

/** Calls slower than this (ms) get one timed run: a few-second naive baseline needs no more. */
const VERY_SLOW_MS = 1000;

export const FULL_POLICY: TimingPolicy = { maxTime: 1, minSamples: 5, slowMs: 150, slowRuns: 3 };
export const QUICK_POLICY: TimingPolicy = { maxTime: 0.2, minSamples: 3, slowMs: 60, slowRuns: 1 };

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds of one call of `fn`. */
export function once(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Times `fn`. `estimateMs` is a duration already observed for one call (e.g. the parity
 * run); without it one warm-up call is made. Fast functions go through benchmark.js;
 * slow ones get `slowRuns` plain timed calls after that warm-up (one beyond 1 s).
 */
export function timeIt(name: string, fn: () => void, policy: TimingPolicy, estimateMs?: number): Timing {
  const est = estimateMs ?? once(fn);
  if (est > policy.slowMs) {
    const runs = Array.from({ length: est > VERY_SLOW_MS ? 1 : policy.slowRuns }, () => once(fn));
    return { ms: median(runs), rme: 0, samples: runs.length, method: 'runs' };
  }
  const bench = new Benchmark(name, fn, { maxTime: policy.maxTime, minSamples: policy.minSamples, initCount: 1 });
  bench.run({ async: false });
  if (bench.error) throw bench.error;
  return { ms: median(bench.stats.sample) * 1000, rme: bench.stats.rme, samples: bench.stats.sample.length, method: 'benchmark.js' };
}
