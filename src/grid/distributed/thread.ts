/**
 * Entry of a compute thread of `xmom worker` (started by src/grid/distributed/worker.ts):
 * its own wasm engine, a JobComputer, and one message per job: the job in, its result
 * (or the error) out.
 */
import { parentPort } from 'node:worker_threads';
import { initNode } from '../../engine/node.js';
import { JobComputer, type ComputeJob } from './compute.js';

export type ToThread = { type: 'job'; id: number; job: ComputeJob };
export type FromThread =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: ReturnType<JobComputer['run']> }
  | { type: 'error'; id: number; message: string };

const port = parentPort!;
initNode();
const computer = new JobComputer();
port.on('message', (m: ToThread) => {
  try {
    port.postMessage({ type: 'result', id: m.id, result: computer.run(m.job) } satisfies FromThread);
  } catch (e) {
    port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies FromThread);
  }
});
port.postMessage({ type: 'ready' } satisfies FromThread);
