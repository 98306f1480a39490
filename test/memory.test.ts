import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setAllocator, type Allocator } from '../src/engine/memory.js';
import { Panel, ewmMean } from '../src/index.js';
import { engine, instantiateModule } from '../src/engine/wasm.js';
import { loadModule } from '../src/engine/node.js';
import { expectClose, randomValues } from './helpers.js';

describe('wasm memory', () => {
  it('results computed before the memory grows read back unchanged after growth', () => {
    const p = Panel.fromRows(randomValues(1, { nRows: 300, nCols: 5 }), 300, 5);
    const r = ewmMean(p, { span: 10 });
    const before = r.values.slice();
    const staleView = r.values;
    const table = ewmMean(p.toArrow(), { span: 10 });
    const bytes = engine().memory.buffer.byteLength;
    const big = new Panel(4000, 4000); // 128 MB: forces memory.grow
    expect(engine().memory.buffer.byteLength).toBeGreaterThan(bytes);
    expect(staleView.length).toBe(0); // the documented hazard: old views detach
    expect(Array.from(r.values)).toEqual(Array.from(before)); // re-derived views are fine
    const again = ewmMean(p, { span: 10, backend: 'js' }); // the twin re-derives its heap view
    expect(Array.from(again.values)).toEqual(Array.from(before));
    expectClose(table.getChild('c2')!.toArray() as Float64Array, r.column(2), 0);
    [p, r, big, again].forEach((q) => q.free());
  });

  it('panels are 16-byte aligned and a freed panel refuses further use', () => {
    const p = new Panel(3, 3);
    expect(p.ptr % 16).toBe(0);
    p.free();
    expect(p.freed).toBe(true);
    expect(() => p.values).toThrow(/used after free/);
  });

  it('a worker running the threads build over shared memory computes what the main engine computes', async () => {
    const module = loadModule('threads');
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768, shared: true });
    const owner = instantiateModule(module, memory);
    const T = 400;
    const N = 9;
    const vals = randomValues(7, { nRows: T, nCols: N, nanRate: 0.1 });
    const x = owner.alloc(T * N * 8);
    const out = owner.alloc(T * N * 8);
    const scratchBytes = 1 << 16;
    const scratch = owner.alloc(scratchBytes);
    new Float64Array(memory.buffer, x, T * N).set(vals);
    const code = `
      const { parentPort, workerData: d } = require('node:worker_threads');
      const inst = new WebAssembly.Instance(d.module, { env: { memory: d.memory, abort() { throw new Error('abort'); } } });
      if (inst.exports._initialize) inst.exports._initialize();
      inst.exports.setScratchRegion(d.scratch, d.scratchBytes);
      inst.exports.ewmMean(d.x, d.out, d.T, d.N, 0.1, 1, 0, 3);
      parentPort.postMessage('done');`;
    const worker = new Worker(code, { eval: true, workerData: { module, memory, x, out, T, N, scratch, scratchBytes } });
    const msg = await new Promise((resolve, reject) => { worker.on('message', resolve); worker.on('error', reject); });
    await worker.terminate();
    expect(msg).toBe('done');
    const expected = ewmMean(Panel.fromRows(vals, T, N), { alpha: 0.1, minPeriods: 3 });
    expectClose(new Float64Array(memory.buffer, out, T * N), expected.values, 0);
    // the owner's heap is intact: it still allocates and frees
    const more = owner.alloc(1 << 20);
    expect(more).toBeGreaterThan(0);
    owner.free(more);
    expected.free();
  });

  it('a block goes back to the allocator it came from, by free() and when its panel is garbage-collected', async () => {
    // Regression: panels allocated from a grid worker's arena and dropped without free()
    // were finalised into the engine's TLSF heap, corrupting it ("memory access out of
    // bounds" in a later free).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const freed: number[] = [];
    const recording: Allocator = { alloc: (b) => engine().alloc(b), free: (ptr) => { freed.push(ptr); engine().free(ptr); } };
    setAllocator(recording);
    let kept: Panel;
    let droppedPtr: number;
    try {
      kept = new Panel(8, 8);
      droppedPtr = ((): number => new Panel(8, 8).ptr)(); // unreachable once this returns
    } finally {
      setAllocator(null);
    }
    const keptPtr = kept.ptr;
    kept.free();
    expect(freed).toEqual([keptPtr]);
    for (let i = 0; i < 50 && !freed.includes(droppedPtr); i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(freed).toEqual([keptPtr, droppedPtr]);
  });
});

