/**
 * Residency of Panel / MatrixSeries blocks: memory a JS user never has to free.
 *
 * Why: V8 does not see wasm memory as memory pressure, and FinalizationRegistry
 * callbacks run as separate tasks, so a synchronous loop of kernel calls that never
 * calls `free()` would grow the wasm memory to its 4 GiB limit before any finaliser
 * ran. So the engine keeps its own account:
 *
 * - every block of the engine's heap owned by a Panel or MatrixSeries is a `Block`,
 *   kept in least-recently-used order with its byte size;
 * - before an allocation would take the resident bytes over the budget
 *   (`setMemoryBudget`, default 256 MiB), the least recently used blocks are *spilled*:
 *   their values are copied into a plain JS Float64Array (ordinary GC-managed memory)
 *   and the wasm block is freed, so the allocator reuses it (no fresh pages);
 * - a spilled block is copied back into wasm memory the next time its owner's `ptr` or
 *   `values` is read (every kernel reads its inputs through `ptr`), bit for bit;
 * - the blocks touched most recently (the last `PROTECTED` reads or allocations) are
 *   never spilled: they are the inputs and outputs of the call in progress, whose
 *   pointers may be held by the caller for the duration of that call;
 * - an owner collected by the GC frees its block (FinalizationRegistry), wherever the
 *   block is; the JS copy of a spilled block is collected with its owner in any case.
 *
 * Blocks from another allocator (a grid worker's arena) are not tracked: arenas are
 * released in stack order by the grid executor.
 */
import { engine } from './wasm.js';
import { InputError } from '../errors.js';
import type { Allocator } from './allocator.js';

/** Blocks read or allocated this recently (in touches) are never spilled. */
export const PROTECTED = 32;

/** The default budget of resident (wasm) bytes held by Panels and MatrixSeries. */
export const DEFAULT_MEMORY_BUDGET = 256 * 2 ** 20;

/** The largest wasm32 memory: 65536 pages of 64 KiB. */
const WASM_MAX_BYTES = 2 ** 32;

let budget = DEFAULT_MEMORY_BUDGET;
/**
 * When true, each tracked block's owner also holds an untouched ArrayBuffer of the same
 * size (lazily committed by the OS), which V8 counts as external memory: its GC then
 * runs as often as if the wasm bytes were its own, and the finaliser frees collected
 * results in asynchronous code before they need spilling.
 */
let gcPressure = false;

/** Internal, for the memory benchmark: turns the GC-pressure ballast on or off. */
export function setGcPressure(on: boolean): void {
  gcPressure = on;
}
let clock = 0;
let residentBytes = 0;
let spilledBytes = 0;
let liveCount = 0;
let spills = 0;
let restores = 0;
/** Resident tracked blocks, least recently used first (Map keeps insertion order). */
const lru = new Map<Cell, Block>();

/** Thrown when wasm memory is exhausted even after spilling; says what is live and what to do. */
export class OutOfMemoryError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfMemoryError';
  }
}

/**
 * What the FinalizationRegistry holds for a block (strongly, until its cleanup task
 * runs, which a synchronous loop never lets happen): the wasm address and size, never
 * the spilled values, so a collected owner's JS copy is garbage at once.
 */
class Cell {
  ptr: number;
  readonly n: number;
  readonly allocator: Allocator;
  /** True for blocks of the engine's heap (spillable, counted against the budget). */
  readonly tracked: boolean;
  spilled = false;
  freed = false;
  stamp = 0;

  constructor(ptr: number, n: number, allocator: Allocator, tracked: boolean) {
    this.ptr = ptr;
    this.n = n;
    this.allocator = allocator;
    this.tracked = tracked;
  }

  get bytes(): number {
    return blockBytes(this.n);
  }
}

/**
 * A block of `n` f64 owned by one JS object (held only by it, and by the LRU list while
 * resident). `ptr` is 0 while spilled or once freed; `spilled` holds the values then.
 */
export class Block {
  readonly cell: Cell;
  spilled: Float64Array | null = null;
  /** GC pressure: see `gcPressure`. */
  ballast: ArrayBuffer | null = null;

  constructor(cell: Cell) {
    this.cell = cell;
  }

  get ptr(): number {
    return this.cell.ptr;
  }

  get allocator(): Allocator {
    return this.cell.allocator;
  }
}

const blockBytes = (n: number): number => Math.max(8, n * 8);

const finalizer = new FinalizationRegistry<Cell>((c) => {
  try {
    releaseCell(c);
  } catch {
    // The engine may be gone at process exit: nothing left to free.
  }
});

/** Marks `b` as the most recently used block. */
function touch(b: Block): void {
  const c = b.cell;
  c.stamp = ++clock;
  if (c.tracked && c.ptr !== 0) {
    lru.delete(c);
    lru.set(c, b);
  }
}

/**
 * Spills least recently used, unprotected blocks until `need` more bytes fit in the
 * budget (with `all`, every unprotected block, whatever the budget). Returns the bytes freed.
 */
function evict(need: number, all = false): number {
  let freed = 0;
  const floor = clock - PROTECTED;
  for (const [c, b] of lru) {
    if (!all && residentBytes + need <= budget) break;
    if (c.stamp > floor) break; // everything after it is more recent still
    spill(b);
    freed += c.bytes;
  }
  return freed;
}

/**
 * Copies a resident block into JS memory, frees its wasm block and drops it from the
 * LRU list: from then on only its owner holds it (and the copy), so both are collected
 * with the owner without waiting for the finaliser, which then has nothing to free.
 */
function spill(b: Block): void {
  const c = b.cell;
  const copy = new Float64Array(c.n);
  copy.set(new Float64Array(engine().memory.buffer, c.ptr, c.n));
  c.allocator.free(c.ptr);
  lru.delete(c);
  b.spilled = copy;
  c.ptr = 0;
  c.spilled = true;
  residentBytes -= c.bytes;
  spilledBytes += c.bytes;
  spills++;
}

/**
 * The engine allocation of `bytes`, spilling to make room first and on failure; an
 * OutOfMemoryError when it cannot fit. Also used for untracked temporaries (allocF64).
 */
export function allocTracked(bytes: number): number {
  if (residentBytes + bytes > budget) evict(bytes);
  const e = engine();
  let ptr = 0;
  try {
    ptr = e.alloc(bytes);
  } catch (err) {
    // AssemblyScript's allocator traps ("unreachable") when memory.grow fails; it does so
    // before touching its state, so after spilling every unprotected block it may retry.
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    if (evict(bytes, true) > 0) {
      try {
        ptr = e.alloc(bytes);
      } catch (again) {
        if (!(again instanceof WebAssembly.RuntimeError)) throw again;
      }
    }
  }
  if (ptr === 0) throw outOfMemory(bytes);
  return ptr;
}

/**
 * A kernel's trap as the out-of-memory error when it is one: kernels take O(N) scratch
 * from the wasm heap, and AssemblyScript's allocator traps ("unreachable") when the
 * memory cannot grow. Any other error is returned unchanged.
 */
export function explainTrap(e: unknown): unknown {
  if (!(e instanceof WebAssembly.RuntimeError) || !/unreachable/.test(e.message)) return e;
  let size = 0;
  try {
    size = engine().memory.buffer.byteLength;
  } catch {
    return e;
  }
  if (size < WASM_MAX_BYTES - 2 ** 26) return e; // not near the limit: a genuine trap
  const err = outOfMemory(0, 'kernel scratch');
  (err as Error & { cause?: unknown }).cause = e;
  return err;
}

/** The error for an allocation of `bytes` that wasm memory cannot hold. */
export function outOfMemory(bytes: number, what = ''): OutOfMemoryError {
  const mib = (x: number): string => `${(x / 2 ** 20).toFixed(1)} MiB`;
  let size = 0;
  try {
    size = engine().memory.buffer.byteLength;
  } catch {
    // engine gone: report without the size
  }
  return new OutOfMemoryError(
    `xmom: out of wasm memory allocating ${what || mib(bytes)}: ${liveCount} live panels / matrix series hold ${mib(residentBytes + spilledBytes)} `
    + `(${mib(residentBytes)} in wasm memory, ${mib(spilledBytes)} spilled to JS memory); the wasm memory is ${mib(size)} of its ${mib(WASM_MAX_BYTES)} limit. `
    + 'Free results you no longer need (panel.free(), tidy(() => ...), or `using`), lower the memory budget (setMemoryBudget) '
    + 'so that more is spilled to JS memory, or work on fewer rows or assets at a time',
  );
}

/**
 * Allocates `n` f64 for `owner` from `allocator` (null: the engine's heap, tracked and
 * spillable). If `owner` is garbage collected without `release`, the block is freed
 * through the allocator it came from.
 */
export function allocBlock(owner: object, n: number, allocator: Allocator | null): Block {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`allocF64: bad length ${n}`);
  const bytes = blockBytes(n);
  if (bytes >= 2 ** 30) throw new RangeError(`xmom: cannot allocate ${n} f64 values (${bytes} bytes) in one block; the limit is 1 GiB`);
  let c: Cell;
  if (allocator === null) {
    c = new Cell(allocTracked(bytes), n, engine(), true);
    residentBytes += bytes;
  } else {
    const ptr = allocator.alloc(bytes);
    if (ptr === 0) throw new RangeError(`xmom: wasm allocation of ${bytes} bytes failed`);
    c = new Cell(ptr, n, allocator, false);
  }
  const b = new Block(c);
  if (gcPressure && c.tracked) b.ballast = new ArrayBuffer(bytes);
  liveCount++;
  touch(b);
  finalizer.register(owner, c, b);
  return b;
}

/** The block's current address, copying it back into wasm memory if it was spilled. */
export function residentPtr(b: Block): number {
  const c = b.cell;
  if (c.ptr === 0 && b.spilled !== null) {
    const values = b.spilled;
    const ptr = allocTracked(c.bytes);
    new Float64Array(engine().memory.buffer, ptr, c.n).set(values);
    c.ptr = ptr;
    c.spilled = false;
    b.spilled = null;
    spilledBytes -= c.bytes;
    residentBytes += c.bytes;
    restores++;
  }
  if (c.stamp !== clock) touch(b);
  return c.ptr;
}

/** Frees a cell's wasm block (if resident) for good and settles the accounts. */
function releaseCell(c: Cell): void {
  if (c.freed) return;
  c.freed = true;
  liveCount--;
  if (c.ptr !== 0) {
    if (c.tracked) {
      lru.delete(c);
      residentBytes -= c.bytes;
    }
    c.allocator.free(c.ptr);
  } else if (c.spilled) {
    spilledBytes -= c.bytes;
  }
  c.ptr = 0;
}

/** Frees `owner`'s block through the allocator it came from, wherever its values are. */
export function releaseBlock(_owner: object, b: Block): void {
  finalizer.unregister(b);
  releaseCell(b.cell);
  b.spilled = null;
  b.ballast = null;
}

/**
 * Sets the budget of wasm memory that Panels and MatrixSeries may hold before the least
 * recently used are spilled to JS memory (default 256 MiB). Lower it to keep the wasm
 * memory small; raise it when a working set larger than the budget is read over and
 * over (each read of a spilled panel copies it back). Applies from the next allocation.
 */
export function setMemoryBudget(bytes: number): void {
  if (!(typeof bytes === 'number' && bytes >= 0)) throw new InputError(`setMemoryBudget: bytes must be a number >= 0 (Infinity: never spill), got ${String(bytes)}`);
  budget = bytes;
}

export interface MemoryStats {
  /** The budget of resident bytes (`setMemoryBudget`). */
  budget: number;
  /** Panels and MatrixSeries alive (not freed, not collected), wherever their values are. */
  live: number;
  /** Bytes of those in wasm memory (engine heap only; grid arenas are not counted). */
  residentBytes: number;
  /** Bytes of those spilled to JS memory. */
  spilledBytes: number;
  /** Size of the wasm memory. */
  wasmBytes: number;
  /** Blocks spilled and copied back since the process started. */
  spills: number;
  restores: number;
}

/** Where the values of live Panels and MatrixSeries are, and the wasm memory's size. */
export function memoryStats(): MemoryStats {
  return {
    budget, live: liveCount, residentBytes, spilledBytes,
    wasmBytes: engine().memory.buffer.byteLength, spills, restores,
  };
}
