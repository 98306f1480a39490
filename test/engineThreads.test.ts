import { describe, expect, it } from 'vitest';
import { Panel, ewmMean } from '../src/index.js';
import { Arena, workerEngine } from '../src/engine/index.js';
import { shareMemory, scratchBytesFor } from '../src/engine/node.js';
import { setAllocator } from '../src/engine/memory.js';
import { engine, setEngine } from '../src/engine/wasm.js';
import { rng } from './helpers.js';

/** The cells of a seeded 50 x 7 panel with gaps. */
function cells(): Float64Array {
  const u = rng(515);
  return Float64Array.from({ length: 50 * 7 }, () => (u() < 0.1 ? NaN : 100 + 10 * u()));
}

describe('engine threads (src/engine/threads/)', () => {
  it('shareMemory(prices, workers, bytes) copies the prices once and gives each worker disjoint, aligned arena and scratch regions', () => {
    const prices = Panel.fromRows(cells(), 50, 7);
    const memories = shareMemory(prices, 3, 1 << 16);
    expect(memories).toHaveLength(3);
    const m0 = memories[0];
    // One memory, one module, one price block shared by every worker.
    for (const m of memories) {
      expect(m.memory).toBe(m0.memory);
      expect(m.module).toBe(m0.module);
      expect(m.prices).toEqual(m0.prices);
    }
    expect(m0.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m0.prices).toMatchObject({ nRows: 50, nCols: 7 });
    expect(Array.from(new Float64Array(m0.memory.buffer, m0.prices.byteOffset, 350))).toEqual(Array.from(prices.values));
    // Regions: 16-byte aligned, the sizes asked for (scratch: 64 planes of N f64 + 1 MiB), no two overlapping.
    const regions = [{ byteOffset: m0.prices.byteOffset, bytes: 350 * 8 }, ...memories.flatMap((m) => [m.arena, m.scratch])];
    for (const m of memories) {
      expect(m.arena.bytes).toBe(1 << 16);
      expect(m.scratch.bytes).toBe(64 * 7 * 8 + (1 << 20));
    }
    expect(scratchBytesFor(7)).toBe(64 * 7 * 8 + (1 << 20));
    const sorted = [...regions].sort((a, b) => a.byteOffset - b.byteOffset);
    sorted.forEach((r, i) => {
      expect(r.byteOffset % 16).toBe(0);
      if (i > 0) expect(r.byteOffset).toBeGreaterThanOrEqual(sorted[i - 1].byteOffset + sorted[i - 1].bytes);
    });
    expect(sorted[sorted.length - 1].byteOffset + sorted[sorted.length - 1].bytes).toBeLessThanOrEqual(m0.memory.buffer.byteLength);
    prices.free();
  });

  it('workerEngine(init) makes this thread compute over the shared memory: panels from its arena, prices viewed in place, the same numbers', () => {
    const values = cells();
    const prices = Panel.fromRows(values, 50, 7);
    const expected = Array.from(ewmMean(prices, { alpha: 0.2, minPeriods: 2 }).values);
    const [init] = shareMemory(prices, 1, 1 << 16);
    const before = engine();
    let arena: Arena | null = null;
    try {
      arena = workerEngine(init);
      expect(engine()).not.toBe(before);
      expect(engine().memory).toBe(init.memory);
      const view = Panel.fromShared(init.prices, { columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
      expect(view.owned).toBe(false);
      expect(Array.from(view.values)).toEqual(Array.from(values));
      const out = ewmMean(view, { alpha: 0.2, minPeriods: 2 });
      // The output came from the worker's arena, not from a heap.
      expect(out.ptr).toBeGreaterThanOrEqual(init.arena.byteOffset);
      expect(out.ptr + 350 * 8).toBeLessThanOrEqual(init.arena.byteOffset + init.arena.bytes);
      expect(arena.peakBytes).toBe(350 * 8);
      expect(Array.from(out.values)).toEqual(expected);
    } finally {
      setAllocator(null);
      setEngine(before);
    }
    expect(arena).toBeInstanceOf(Arena);
    prices.free();
  });
});
