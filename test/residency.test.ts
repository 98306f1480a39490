import { afterEach, describe, expect, it } from 'vitest';
import {
  Panel, ewmMean, pctChange, rollingCorrMatrix, tidy, keep, setMemoryBudget, memoryStats, DEFAULT_MEMORY_BUDGET,
} from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { errorOf, randomValues } from './helpers.js';

const MiB = 2 ** 20;

/** Bytes of a Float64Array, to compare bit patterns (NaN payloads, -0) exactly. */
const bits = (a: Float64Array): Uint8Array => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

/** pandas ewm(alpha, adjust=True).mean() of one column, written out here (no NaNs in the input). */
function ewmBrute(x: ArrayLike<number>, alpha: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < x.length; t++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i <= t; i++) {
      const w = (1 - alpha) ** (t - i);
      num += w * x[i];
      den += w;
    }
    out.push(num / den);
  }
  return out;
}

afterEach(() => setMemoryBudget(DEFAULT_MEMORY_BUDGET));

describe('kernel results that are never freed', () => {
  it('a synchronous loop of 3,000 ewmMean calls without free() completes and the wasm memory stays within a few budgets', () => {
    // Regression: without spilling, every call took fresh wasm memory (2,100 calls on
    // 2520 x 100 reached 4 GiB and died with "RuntimeError: unreachable"). Here 3,000
    // results of 80 KB (240 MB in all) go through a 4 MiB budget.
    setMemoryBudget(4 * MiB);
    const x = Panel.fromRows(randomValues(1, { nRows: 250, nCols: 40, nanRate: 0, lateRate: 0, allNanRate: 0 }), 250, 40);
    const before = engine().memory.buffer.byteLength;
    const spillsBefore = memoryStats().spills;
    let last: Panel | null = null;
    for (let i = 0; i < 3000; i++) last = ewmMean(x, { span: 5 + (i % 7) });
    const after = engine().memory.buffer.byteLength;
    expect(after).toBeLessThanOrEqual(Math.max(before, 16 * MiB));
    expect(memoryStats().residentBytes).toBeLessThanOrEqual(4 * MiB + 2 * 250 * 40 * 8);
    expect(memoryStats().spills - spillsBefore).toBeGreaterThan(2900);
    // the last result is right: span 5 + (2999 % 7) = 8, alpha 2 / 9
    const col3 = x.column(3);
    const expected = ewmBrute(col3, 2 / (8 + 1));
    const got = last!.column(3);
    for (let t = 0; t < 250; t++) expect(Math.abs(got[t] - expected[t])).toBeLessThanOrEqual(1e-12 * Math.abs(expected[t]));
  });

  it('a spilled panel reads back bit-identical (NaN payloads, -0, subnormals, infinities) and is valid kernel input', () => {
    setMemoryBudget(1 * MiB);
    const T = 300;
    const N = 20;
    const vals = randomValues(2, { nRows: T, nCols: N, nanRate: 0.1 });
    const special = [-0, Number.MIN_VALUE, -Infinity, Infinity, 5e-324, NaN];
    special.forEach((v, i) => { vals[i] = v; });
    const dv = new DataView(vals.buffer);
    dv.setFloat64(8 * 10, NaN); // a NaN with another payload
    dv.setUint32(8 * 10, 0x7ff80001); // high word: quiet NaN, payload bit set
    const p = Panel.fromRows(vals, T, N);
    const expectedBits = bits(vals);
    for (let i = 0; i < 40; i++) new Panel(T, N).values.fill(i); // 48 KB each: pushes p out of a 1 MiB budget
    expect(p.resident).toBe(false);
    expect(memoryStats().spilledBytes).toBeGreaterThan(0);
    expect(bits(p.values)).toEqual(expectedBits); // read back: copied into wasm memory again
    expect(p.resident).toBe(true);
    // spilled again, then used as kernel input: same result as a never-spilled copy
    for (let i = 0; i < 40; i++) new Panel(T, N);
    expect(p.resident).toBe(false);
    const fromSpilled = ewmMean(p, { alpha: 0.3 });
    const fresh = Panel.fromRows(vals, T, N);
    const fromFresh = ewmMean(fresh, { alpha: 0.3 });
    expect(bits(fromSpilled.values)).toEqual(bits(fromFresh.values));
  });

  it('a spilled MatrixSeries reads back the same matrices', () => {
    setMemoryBudget(1 * MiB);
    const p = Panel.fromRows(randomValues(3, { nRows: 120, nCols: 6, nanRate: 0 }), 120, 6);
    const m = rollingCorrMatrix(p, 20);
    const expected = bits(m.values.slice());
    for (let i = 0; i < 40; i++) new Panel(300, 20);
    expect(m.resident).toBe(false);
    expect(bits(m.values.slice())).toEqual(expected);
    expect(m.get(50, 2, 2)).toBe(1);
  });

  it('setMemoryBudget refuses a negative or non-numeric budget', () => {
    expect(errorOf(() => setMemoryBudget(-1))).toMatch(/setMemoryBudget: bytes must be a number >= 0/);
    expect(errorOf(() => setMemoryBudget('1' as unknown as number))).toMatch(/got 1/);
  });
});

describe('tidy(fn)', () => {
  it('frees every Panel made inside fn except the one it returns, whose values are right', () => {
    const x = Panel.fromRows([1, 2, 4, 8, 16, 32], 6, 1);
    let inner: Panel[] = [];
    const r = tidy(() => {
      const e = ewmMean(x, { alpha: 0.5 });
      const c = pctChange(e, 1);
      const scratch = new Panel(3, 3);
      inner = [e, scratch];
      return c;
    });
    expect(inner.map((p) => p.freed)).toEqual([true, true]);
    expect(x.freed).toBe(false); // made before the scope
    expect(r.freed).toBe(false);
    // ewm(alpha 0.5, adjust) of 1, 2, 4: 1, (2 + 0.5) / 1.5, (4 + 1 + 0.25) / 1.75; pct change of that
    const e = [1, 2.5 / 1.5, 5.25 / 1.75];
    expect(r.get(1, 0)).toBeCloseTo(e[1] / e[0] - 1, 14);
    expect(r.get(2, 0)).toBeCloseTo(e[2] / e[1] - 1, 14);
    expect(Number.isNaN(r.get(0, 0))).toBe(true);
  });

  it('keeps Panels found in a returned object, array, Map or Set, and those passed to keep()', () => {
    const made: Panel[] = [];
    const mk = (): Panel => { const p = Panel.filled(2, 2, made.length); made.push(p); return p; };
    const out = tidy(() => {
      const a = mk();
      const b = mk();
      const c = mk();
      const d = mk();
      mk(); // dropped
      const e = keep(mk());
      return { a, list: [b, { c }], m: new Map([['d', d]]), s: new Set([e]) };
    });
    expect(made.map((p) => p.freed)).toEqual([false, false, false, false, true, false]);
    expect(out.list[0]).toBe(made[1]);
    expect(made[3].get(1, 1)).toBe(3);
  });

  it('nested: what the inner tidy returns survives it and is freed by the outer one unless returned there too', () => {
    let innerKept: Panel | null = null;
    let innerDropped: Panel | null = null;
    const outer = tidy(() => {
      innerKept = tidy(() => {
        innerDropped = new Panel(2, 2);
        return new Panel(2, 2);
      });
      expect(innerDropped!.freed).toBe(true);
      expect(innerKept.freed).toBe(false);
      return new Panel(1, 1);
    });
    expect(innerKept!.freed).toBe(true);
    expect(outer.freed).toBe(false);
    const both = tidy(() => tidy(() => new Panel(1, 1)));
    expect(both.freed).toBe(false);
  });

  it('frees everything when fn throws, and rethrows', () => {
    let p: Panel | null = null;
    let threw = '';
    try {
      tidy(() => { p = new Panel(2, 2); throw new Error('boom'); });
    } catch (e) {
      threw = (e as Error).message;
    }
    expect(threw).toBe('boom');
    expect(p!.freed).toBe(true);
  });

  it('refuses an async fn (a returned Promise) after freeing what its synchronous part made', async () => {
    let p: Panel | null = null;
    let threw = '';
    try {
      tidy(async () => { p = new Panel(2, 2); return p; });
    } catch (e) {
      threw = (e as Error).message;
    }
    expect(threw).toMatch(/tidy: fn returned a Promise/);
    expect(p!.freed).toBe(true);
    expect(errorOf(() => tidy(42 as unknown as () => void))).toMatch(/tidy: fn must be a function, got number/);
  });
});

describe('[Symbol.dispose]', () => {
  it('`using` frees a Panel and a MatrixSeries when the block ends', () => {
    const x = Panel.fromRows(randomValues(4, { nRows: 60, nCols: 3, nanRate: 0 }), 60, 3);
    let seen: Panel | null = null;
    let seenM: { freed: boolean } | null = null;
    {
      using p = ewmMean(x, { span: 3 });
      using m = rollingCorrMatrix(x, 10);
      seen = p;
      seenM = m;
      expect(p.freed).toBe(false);
      expect(m.get(20, 0, 0)).toBe(1);
    }
    expect(seen!.freed).toBe(true);
    expect(seenM!.freed).toBe(true);
    expect(typeof Symbol.dispose).toBe('symbol');
  });
});
