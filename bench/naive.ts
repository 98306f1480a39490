// Naive JavaScript baselines: what a first port of the pandas definitions looks like.
// Plain number[] series (one per asset, or one per date for cross-sections), every
// rolling window recomputed from scratch, every cross-section sorted with a comparator.
// They are reported beside the twins, never as "the JS baseline" (PERF_NOTES).
// Semantics match the kernels' defaults (minPeriods = window, ddof = 1, NaN-aware), so
// the bench can check them against the twin before timing them.

const isNum = (v: number): boolean => !Number.isNaN(v);

/** EWM has no window to recompute: the textbook adjust=True num / den recursion, per series. */
export function naiveEwmMean(cols: number[][], alpha: number): number[][] {
  return cols.map((x) => {
    const out: number[] = [];
    let num = 0;
    let den = 0;
    let started = false;
    for (const v of x) {
      if (started) {
        num *= 1 - alpha;
        den *= 1 - alpha;
      }
      if (isNum(v)) {
        num += v;
        den += 1;
        started = true;
      }
      out.push(started ? num / den : NaN);
    }
    return out;
  });
}

/** The observed values of x[t - w + 1 .. t]. */
function windowOf(x: number[], t: number, w: number): number[] {
  return x.slice(Math.max(0, t - w + 1), t + 1).filter(isNum);
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

export function naiveRollingMean(cols: number[][], w: number): number[][] {
  return cols.map((x) => x.map((_, t) => {
    const win = windowOf(x, t, w);
    return win.length >= w ? mean(win) : NaN;
  }));
}

export function naiveRollingStd(cols: number[][], w: number): number[][] {
  return cols.map((x) => x.map((_, t) => {
    const win = windowOf(x, t, w);
    if (win.length < w) return NaN;
    const m = mean(win);
    return Math.sqrt(win.reduce((s, v) => s + (v - m) * (v - m), 0) / (win.length - 1));
  }));
}

/** Pairs (x_s, y_s) of the window ending at t where both are observed (pandas pairwise-complete). */
function pairsOf(x: number[], y: number[], t: number, w: number): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let s = Math.max(0, t - w + 1); s <= t; s++) {
    if (isNum(x[s]) && isNum(y[s])) {
      a.push(x[s]);
      b.push(y[s]);
    }
  }
  return [a, b];
}

/** Sample covariance (ddof 1) and the two sums of squares of a set of pairs. */
function comoments(a: number[], b: number[]): { sxy: number; sxx: number; syy: number } {
  const ma = mean(a);
  const mb = mean(b);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < a.length; i++) {
    sxy += (a[i] - ma) * (b[i] - mb);
    sxx += (a[i] - ma) * (a[i] - ma);
    syy += (b[i] - mb) * (b[i] - mb);
  }
  return { sxy, sxx, syy };
}

export function naiveRollingCov(xs: number[][], ys: number[][], w: number): number[][] {
  return xs.map((x, j) => x.map((_, t) => {
    const [a, b] = pairsOf(x, ys[j], t, w);
    return a.length >= w ? comoments(a, b).sxy / (a.length - 1) : NaN;
  }));
}

export function naiveRollingCorr(xs: number[][], ys: number[][], w: number): number[][] {
  return xs.map((x, j) => x.map((_, t) => {
    const [a, b] = pairsOf(x, ys[j], t, w);
    if (a.length < w) return NaN;
    const m = comoments(a, b);
    return m.sxy / Math.sqrt(m.sxx * m.syy);
  }));
}

/** One N x N row-major correlation matrix per date, pairwise-complete, every pair recomputed. */
export function naiveRollingCorrMatrix(cols: number[][], w: number): number[][] {
  const N = cols.length;
  const T = cols[0].length;
  const out: number[][] = [];
  for (let t = 0; t < T; t++) {
    const m: number[] = new Array(N * N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const [a, b] = pairsOf(cols[i], cols[j], t, w);
        if (a.length < w) {
          m[i * N + j] = NaN;
          continue;
        }
        const c = comoments(a, b);
        m[i * N + j] = c.sxy / Math.sqrt(c.sxx * c.syy);
      }
    }
    out.push(m);
  }
  return out;
}

/** pandas rank(axis=1, method='average', ascending=False): sort each date's observed values. */
export function naiveRankDescending(rows: number[][]): number[][] {
  return rows.map((row) => {
    const order = row.map((v, j) => ({ v, j })).filter((e) => isNum(e.v)).sort((p, q) => q.v - p.v);
    const out: number[] = row.map(() => NaN);
    for (let i = 0; i < order.length;) {
      let k = i;
      while (k + 1 < order.length && order[k + 1].v === order[i].v) k++;
      const avg = (i + 1 + k + 1) / 2; // ranks i+1 .. k+1 share their mean
      for (let m = i; m <= k; m++) out[order[m].j] = avg;
      i = k + 1;
    }
    return out;
  });
}

export function naivePctChange(cols: number[][], k: number): number[][] {
  return cols.map((x) => x.map((v, t) => (t >= k ? v / x[t - k] - 1 : NaN)));
}

export function naiveShift(cols: number[][], k: number): number[][] {
  return cols.map((x) => x.map((_, t) => (t - k >= 0 && t - k < x.length ? x[t - k] : NaN)));
}

export function naiveLogReturns(cols: number[][], k: number): number[][] {
  return cols.map((x) => x.map((v, t) => (t >= k ? Math.log(v / x[t - k]) : NaN)));
}

export function naiveCumReturns(cols: number[][]): number[][] {
  return cols.map((r) => {
    let acc = 1;
    return r.map((v) => {
      if (!isNum(v)) return NaN;
      acc *= 1 + v;
      return acc;
    });
  });
}
