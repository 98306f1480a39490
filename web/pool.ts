/**
 * The page's side of the Web Workers: a request/reply wrapper around one worker
 * (web/worker.ts), which can be restarted to cancel whatever it is computing.
 */
import type { DatasetSource, DatasetSummary, Reply, Request, WireError } from './protocol.js';

/** A request that was cancelled (its worker restarted) before it finished. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** An error raised in the worker, with its name (InputError, ...) kept. */
export class WorkerError extends Error {
  constructor(e: WireError) {
    super(e.message);
    this.name = e.name;
  }
}

type Body = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Longest a single request may run before the worker is restarted (a hung kernel, a huge file). */
const TIMEOUT_MS = 120_000;

export class EngineWorker {
  #worker: Worker | null = null;
  #nextId = 1;
  #pending = new Map<number, { tag: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  /** The dataset this worker holds (or is loading), and its load. */
  #dataset: { key: string; load: Promise<DatasetSummary> } | null = null;

  /** The worker, started on first use (and again after a restart or a crash). */
  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'xmom-engine' });
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      const p = this.#pending.get(r.id);
      if (!p) return;
      this.#pending.delete(r.id);
      clearTimeout(p.timer);
      if (r.ok) p.resolve(r.value);
      else p.reject(new WorkerError(r.error));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#discard(new Error(`the engine worker failed: ${e.message || 'script error (could not load worker.js or xmom.js?)'}`));
    };
    worker.onmessageerror = () => this.#discard(new Error('the engine worker sent a message that could not be read'));
    this.#worker = worker;
    return worker;
  }

  /** Terminates the worker and rejects its outstanding requests with `err`. */
  #discard(err: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#dataset = null;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.#pending.clear();
  }

  /** True while a request is outstanding. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /** True while a request other than loading dataset `key` is outstanding. */
  busyWithOtherThanLoading(key: string | null): boolean {
    for (const p of this.#pending.values()) if (p.tag !== `load:${key}`) return true;
    return false;
  }

  call<T>(body: Body): Promise<T> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#discard(new Error(`the engine did not answer within ${TIMEOUT_MS / 1000} s and was stopped`));
      }, TIMEOUT_MS);
      const tag = body.kind === 'load' ? `load:${body.key}` : body.kind;
      this.#pending.set(id, { tag, resolve: resolve as (v: unknown) => void, reject, timer });
      worker.postMessage({ ...body, id } as Request);
    });
  }

  /** Loads the dataset unless this worker already holds it (or is loading it). */
  ensureDataset(key: string, name: string, source: DatasetSource): Promise<DatasetSummary> {
    if (this.#dataset?.key !== key) {
      const load = this.call<DatasetSummary>({ kind: 'load', key, name, source });
      this.#dataset = { key, load };
      load.catch(() => {
        if (this.#dataset?.load === load) this.#dataset = null;
      });
    }
    return this.#dataset!.load;
  }

  /** Cancels everything this worker is doing: it is terminated, and restarted on the next call. */
  cancel(): void {
    if (this.#worker) this.#discard(new Cancelled('cancelled'));
  }
}
