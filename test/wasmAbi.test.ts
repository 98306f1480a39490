/**
 * The wasm ABI: the exports of build/release.wasm and build/threads.wasm against the
 * `Kernels` and `WasmRuntime` interfaces (src/engine/kernels.ts) that the TypeScript
 * side calls them through.
 *
 * Compile time: asc writes a declaration of each build's exports (build/*.d.ts,
 * asconfig.json `bindings`) in which an AssemblyScript `bool` parameter is a `boolean`.
 * The types below make `npm run typecheck` (after `npm run asbuild`, as `npm test` runs
 * them) fail when an export's parameter list or result differs from the interface's,
 * when the interface names a function the build lacks, or when the build exports a
 * function the interface does not declare. (instantiateModule in src/engine/wasm.ts
 * casts the instance's exports, so without this a `bool` flag would pass for a number.)
 *
 * Run time: the same exports exist in the compiled modules, with the arity of the
 * interface (checked against the TypeScript twins, typed by the same interface).
 */
import { describe, expect, it } from 'vitest';
import type { instantiate as instantiateRelease } from '../build/release.js';
import type { instantiate as instantiateThreads } from '../build/threads.js';
import type { Kernels, WasmExports } from '../src/engine/kernels.js';
import { engine } from '../src/engine/wasm.js';
import { initNode, loadModule } from '../src/engine/node.js';
import { instantiateModule } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';

initNode();

type ReleaseExports = Awaited<ReturnType<typeof instantiateRelease>>;
type ThreadsExports = Awaited<ReturnType<typeof instantiateThreads>>;

/** true when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Fn = (...args: never[]) => unknown;
/** The functions of the interface whose signature differs in the build (or is missing from it). */
type Mismatched<Build> = {
  [K in keyof WasmExports]: WasmExports[K] extends Fn
    ? K extends keyof Build
      ? Build[K] extends Fn
        ? Same<Parameters<Build[K]>, Parameters<WasmExports[K]>> extends true
          ? Same<ReturnType<Build[K]>, ReturnType<WasmExports[K]>> extends true ? never : K
          : K
        : K
      : K
    : never;
}[keyof WasmExports];
/** Functions the build exports that the interface does not declare. */
type Undeclared<Build> = Exclude<{ [K in keyof Build]: Build[K] extends Fn ? K : never }[keyof Build], keyof WasmExports>;

// Each line fails to compile, naming the offending exports, if the ABI drifts.
const releaseMismatched: [Mismatched<ReleaseExports>] extends [never] ? true : Mismatched<ReleaseExports> = true;
const threadsMismatched: [Mismatched<ThreadsExports>] extends [never] ? true : Mismatched<ThreadsExports> = true;
const releaseUndeclared: [Undeclared<ReleaseExports>] extends [never] ? true : Undeclared<ReleaseExports> = true;
const threadsUndeclared: [Undeclared<ThreadsExports>] extends [never] ? true : Undeclared<ThreadsExports> = true;

// The checks above are not vacuous: a boolean flag (what asc declares for a `bool`
// parameter) is a mismatch, and so is a missing parameter.
type BoolFlagBuild = Omit<WasmExports, 'ewmMean'> & {
  ewmMean(x: number, out: number, T: number, N: number, alpha: number, adjust: boolean, ignoreNa: boolean, minPeriods: number): void;
};
type ShortBuild = Omit<WasmExports, 'pctChange'> & { pctChange(x: number, out: number, T: number, N: number): void };
const boolCaught: Same<Mismatched<BoolFlagBuild>, 'ewmMean'> = true;
const shortCaught: Same<Mismatched<ShortBuild>, 'pctChange'> = true;

describe('wasm ABI', () => {
  it('the type-level checks compiled (build/*.d.ts against Kernels & WasmRuntime)', () => {
    expect([releaseMismatched, threadsMismatched, releaseUndeclared, threadsUndeclared, boolCaught, shortCaught]).toEqual([true, true, true, true, true, true]);
  });

  it('every kernel of the interface is a wasm export of the twin\'s arity, in both builds', () => {
    const names = Object.keys(twin) as (keyof Kernels)[];
    expect(names.length).toBeGreaterThan(20);
    for (const target of ['release', 'threads'] as const) {
      const exported = new Map(WebAssembly.Module.exports(loadModule(target)).map((e) => [e.name, e.kind]));
      for (const name of names) expect(exported.get(name), `${target} exports ${name}`).toBe('function');
    }
    const e = engine();
    for (const name of names) expect(e[name].length, `${name} arity`).toBe(twin[name].length);
  });

  it('flags travel as 0 / 1: rankRows ascending and pct as numbers give pandas\' ranks', async () => {
    const { Panel } = await import('../src/panel.js');
    const { rank } = await import('../src/kernels/rank.js');
    const x = Panel.fromRows([3, 1, 2, NaN], 1, 4);
    // pandas: pd.DataFrame([[3, 1, 2, None]]).rank(axis=1, ascending=False, pct=True) -> 1/3, 1, 2/3, NaN
    const r = rank(x, { ascending: false, pct: true });
    expect(Array.from(r.values)).toEqual([1 / 3, 1, 2 / 3, NaN]);
    r.free();
    x.free();
  });

  it('a wasm abort throws with the wasm\'s message, file, line and column (an allocation above 1 GiB)', () => {
    // AssemblyScript's TLSF allocator aborts with "Allocation too large" (~lib/rt/tlsf.ts)
    // for a block above 1 GiB - 4 bytes; the handler decodes both UTF-16 strings.
    const fresh = instantiateModule(loadModule('release'));
    expect(() => fresh.alloc(2 ** 30 + 64)).toThrow(/^xmom wasm abort: Allocation too large in ~lib\/rt\/tlsf\.ts:\d+:\d+$/);
    // The threads build reads the strings from its imported shared memory.
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768, shared: true });
    const threads = instantiateModule(loadModule('threads'), memory);
    expect(() => threads.alloc(2 ** 30 + 64)).toThrow(/^xmom wasm abort: Allocation too large in ~lib\/rt\/tlsf\.ts:\d+:\d+$/);
  });
});
