import { describe, expect, it } from 'vitest';
import { Panel, OutOfMemoryError, setMemoryBudget, memoryStats } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';

// Own file: it grows this file's wasm instance to its 4 GiB limit (address space only:
// the panels are never written, so no pages are committed).
describe('out of wasm memory', () => {
  it('allocating past the 4 GiB wasm limit throws an OutOfMemoryError naming the live panels, their bytes and what to do, never "unreachable"', () => {
    setMemoryBudget(Infinity); // nothing may be spilled: the limit itself must be hit
    const big: Panel[] = [];
    let err: unknown = null;
    try {
      // 1,000 MB each (under the 1 GiB block limit): the 4th or 5th cannot fit in 4 GiB
      for (let i = 0; i < 6; i++) big.push(new Panel(125_000, 1000));
    } catch (e) {
      err = e;
    }
    const stats = memoryStats();
    big.forEach((p) => p.free());
    setMemoryBudget(256 * 2 ** 20);
    expect(err).toBeInstanceOf(OutOfMemoryError);
    const msg = (err as Error).message;
    expect(msg).not.toMatch(/unreachable/);
    expect(big.length).toBeGreaterThanOrEqual(3);
    expect(big.length).toBeLessThan(6);
    expect(msg).toMatch(/^xmom: out of wasm memory allocating 953\.7 MiB: /);
    expect(msg).toContain(`${stats.live} live panels`);
    const heldMiB = big.length * 1e9 / 2 ** 20;
    const m = /hold ([\d.]+) MiB/.exec(msg);
    expect(Number(m![1])).toBeGreaterThanOrEqual(heldMiB - 0.1);
    expect(msg).toMatch(/of its 4096\.0 MiB limit/);
    expect(msg).toMatch(/panel\.free\(\), tidy\(\(\) => \.\.\.\), or `using`/);
    // the heap survived: it still allocates once the panels are freed
    const p = Panel.filled(10, 10, 2);
    expect(p.get(9, 9)).toBe(2);
    expect(engine().memory.buffer.byteLength).toBeGreaterThan(3 * 2 ** 30);
  });
});
