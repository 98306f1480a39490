/**
 * What a distributed grid puts in Redis and on its BullMQ queue. Shared by the
 * coordinator (`grid(spec, prices, { queue })`) and the workers (`xmom worker`).
 *
 * - The price panel is stored once under `xmom:panel:<sha256>`: the v8-serialised
 *   `WirePanel` (values time-major, labels, dates), addressed by the hash of those bytes,
 *   so two runs on the same prices share it and a worker caches it by hash.
 * - One job per task (a group of points that share a signal, as in a local run): the
 *   run's id, the coordinator's xmom version, the panel hash, the spec and the points.
 * - A job's result: the points' metrics, statuses and errors, and the returns of the points
 *   that entered the worker's top K, v8-serialised and base64-encoded (BullMQ stores JSON).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { Backend } from '../../engine/index.js';
import { Panel } from '../../panel.js';
import type { TaskStats } from '../executor.js';
import type { ParsedGridSpec } from '../spec.js';

/** The BullMQ queue every coordinator and worker of this xmom version range uses. */
export const QUEUE_NAME = 'xmom-grid';
export const panelKey = (hash: string): string => `xmom:panel:${hash}`;
export const cancelKey = (runId: string): string => `xmom:run:${runId}:cancelled`;
/** Panels and cancel marks expire a day after their last run started (seconds). */
export const KEY_TTL_S = 24 * 3600;

/** Failure reasons that end the whole run (not one job): version mismatch, missing panel. */
export const REFUSED = 'xmom refused the job: ';

/** xmom's version, from the package.json above this module (sources or compiled build). */
export function xmomVersion(): string {
  for (let url = new URL('.', import.meta.url); ; ) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'xmom' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const up = new URL('..', url);
    if (up.href === url.href) return 'unknown';
    url = up;
  }
}

/** A panel as stored in Redis. */
export interface WirePanel {
  T: number;
  N: number;
  columns: string[];
  /** Epoch ms per row, or null for a panel without dates. */
  dates: Float64Array | null;
  indexName: string;
  values: Float64Array;
}

/** The bytes stored for `prices` and their sha256 (hex). */
export function encodePanel(prices: Panel): { bytes: Buffer; hash: string } {
  const wire: WirePanel = {
    T: prices.nRows,
    N: prices.nCols,
    columns: [...prices.columns],
    dates: prices.index ? prices.dates() : null,
    indexName: prices.indexName,
    values: prices.values.slice(),
  };
  const bytes = serialize(wire);
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** A Panel in this engine's memory from stored bytes. */
export function decodePanel(bytes: Buffer): Panel {
  const w = deserialize(bytes) as WirePanel;
  return Panel.fromRows(w.values, w.T, w.N, { columns: w.columns, index: w.dates ? Array.from(w.dates) : null, indexName: w.indexName });
}

/** Everything a worker needs to run the points of one job, besides the panel. */
export interface RunSettings {
  spec: ParsedGridSpec;
  ppy: number;
  ppyOption: number | undefined;
  backend: Backend | undefined;
  metricIndex: number;
  direction: 1 | -1;
  topK: number;
  ruinedLast: boolean;
  includeWarmup: boolean;
}

/** BullMQ job data (JSON). `settings` is base64 of the v8-serialised RunSettings. */
export interface JobData {
  runId: string;
  version: string;
  panelHash: string;
  settings: string;
  /** Point ids in execution order. */
  points: number[];
}

/** A job's outcome, before encoding. */
export interface JobResult {
  points: Int32Array;
  /** N_METRICS x points.length, metric-major (metric k of the j-th point at k * n + j). */
  metrics: Float64Array;
  /** STATUS.ok or STATUS.failed per point. */
  status: Int32Array;
  /** Row where the point's book was ruined, -1 when solvent. */
  ruinedRow: Int32Array;
  errors: [number, string][];
  top: { point: number; value: number; returns: Float64Array; ruined: boolean }[];
  stats: TaskStats;
  /** The run was cancelled before this job ran: nothing computed. */
  cancelled: boolean;
}

export const encode = (x: unknown): string => serialize(x).toString('base64');
export const decode = <T>(s: string): T => deserialize(Buffer.from(s, 'base64')) as T;
