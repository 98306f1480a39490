/**
 * A worker's private region of the shared wasm memory, handed out by a bump pointer.
 *
 * A worker instance of build/threads.wasm must never call the TLSF heap (the heap owner
 * is the main thread's instance). The main thread reserves one region per worker
 * (shareMemory.ts); the worker's engine (workerEngine.ts) installs an `Arena` over it as
 * its allocator (src/engine/memory.ts `setAllocator`) so that every Panel the strategies, kernels and simulator create in
 * the worker comes from the region. `free` does nothing: memory is reclaimed in stack
 * order with `mark()` / `release(mark)`, which the grid executor calls around each task,
 * weights panel and point. Because freed blocks are never handed out again before a
 * release, a late `free` (e.g. from a Panel's FinalizationRegistry) cannot corrupt a live
 * block. Exhaustion throws (naming the size), it never returns 0 silently.
 */
export class Arena {
  readonly base: number;
  readonly end: number;
  #top: number;
  /** Highest address handed out so far (for sizing reports). */
  #peak: number;

  constructor(base: number, bytes: number) {
    if (base % 16 !== 0) throw new RangeError(`Arena: base ${base} is not 16-byte aligned`);
    this.base = base;
    this.end = base + bytes;
    this.#top = base;
    this.#peak = base;
  }

  /** A 16-byte aligned block of `bytes` bytes. */
  alloc = (bytes: number): number => {
    const p = this.#top;
    const next = p + ((Math.max(bytes, 1) + 15) & ~15);
    if (next > this.end) {
      throw new RangeError(`grid: worker arena exhausted: ${bytes} bytes requested, ${this.end - p} of ${this.end - this.base} left (the grid sizes arenas from the price panel and the spec; please report this)`);
    }
    this.#top = next;
    if (next > this.#peak) this.#peak = next;
    return p;
  };

  /** Does nothing: see `release`. */
  free = (_ptr: number): void => {};

  /** The current top, to `release` to later. */
  mark(): number {
    return this.#top;
  }

  /** Reclaims every block allocated since `mark` (stack order). */
  release(mark: number): void {
    if (mark < this.base || mark > this.#top) throw new RangeError(`Arena.release: mark ${mark} is not below the top ${this.#top}`);
    this.#top = mark;
  }

  /** Bytes in use at the peak. */
  get peakBytes(): number {
    return this.#peak - this.base;
  }
}

/** mark / release for the executor: an Arena in a worker, nothing on the main thread (real frees). */
export interface ArenaLike {
  mark(): number;
  release(mark: number): void;
}

export const NO_ARENA: ArenaLike = { mark: () => 0, release: () => {} };
