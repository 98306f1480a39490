/** Messages between the grid's main thread and its workers (structured clone). */
import type { Backend, WorkerMemory } from '../engine/index.js';
import type { FaultInjection, TaskStats } from './executor.js';
import type { ParsedGridSpec } from './spec.js';

/** workerData of a grid worker. */
export interface WorkerInit {
  /** The worker's engine: shared memory, price panel, private arena and scratch (src/engine/threads/). */
  engine: WorkerMemory;
  columns: string[];
  /** Epoch ms per row, or null for a panel without dates. */
  dates: Float64Array | null;
  indexName: string;
  spec: ParsedGridSpec;
  metricsBuf: SharedArrayBuffer;
  statusBuf: SharedArrayBuffer;
  returnsBuf: SharedArrayBuffer | null;
  ruinedBuf: SharedArrayBuffer;
  ruinedLast: boolean;
  ppy: number;
  ppyOption: number | undefined;
  includeWarmup: boolean;
  backend: Backend | undefined;
  metricIndex: number;
  direction: 1 | -1;
  topK: number;
  fault: FaultInjection | null;
}

export type ToWorker = { type: 'task'; id: number; points: Int32Array; attempts: Uint8Array };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'done'; id: number; stats: TaskStats; arenaPeak: number }
  | { type: 'error'; point: number; message: string }
  | { type: 'top'; point: number; value: number; returns: Float64Array; ruined: boolean };
