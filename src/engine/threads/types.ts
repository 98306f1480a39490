/** The shared memory of worker threads as the layers above the engine see it: opaque regions they pass on. */
/** The f64 cells of a T x N panel laid out in shared memory (`Panel.fromShared` views them). */
export interface SharedPanelBlock {
  readonly byteOffset: number;
  readonly nRows: number;
  readonly nCols: number;
}

/** A region of the shared memory (byte offset and size). */
export interface SharedRegion {
  readonly byteOffset: number;
  readonly bytes: number;
}

/**
 * What one worker thread needs to start its engine (`workerEngine`): the compiled threads
 * module, the shared memory, the price panel's block and its private arena and scratch.
 * Structured-cloneable: it travels in `workerData`.
 */
export interface WorkerMemory {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly prices: SharedPanelBlock;
  readonly arena: SharedRegion;
  readonly scratch: SharedRegion;
}

/** The panel's cells, as `shareMemory` reads them (a Panel fits). */
export interface PanelCells {
  readonly nRows: number;
  readonly nCols: number;
  readonly values: Float64Array;
}
