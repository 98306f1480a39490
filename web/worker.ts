/**
 * The demo's compute thread: loads the wasm engine once, keeps the current dataset as
 * a Panel, and answers the page's requests (web/protocol.ts) one at a time, so the
 * page itself never computes and stays responsive.
 */
import { inferCalendar, init, Panel, readCsv, tableToCsv, tableToIPC } from '../src/browser.js';
import { runBacktest, runGridPoint } from './pipeline.js';
import type { BacktestPayload, DatasetSummary, ExportPayload, GridPointPayload, Reply, Request, WireError } from './protocol.js';

interface WorkerScope {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: Reply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

const engineReady = init();
let dataset: { summary: DatasetSummary; prices: Panel } | null = null;
/** The last backtest, kept for downloads. */
let last: { runId: number; name: string; payload: BacktestPayload } | null = null;

async function load(key: string, name: string, source: { url: string } | { text: string }): Promise<DatasetSummary> {
  let text: string;
  if ('url' in source) {
    const res = await fetch(source.url);
    if (!res.ok) throw new Error(`cannot fetch ${source.url}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    text = source.text;
  }
  await engineReady; // the download above overlaps the engine's compilation
  dataset?.prices.free();
  dataset = null;
  last = null;
  const prices = readCsv(text);
  const dates = prices.dates();
  let missing = 0;
  for (const v of prices.values) if (v !== v) missing++;
  const summary: DatasetSummary = {
    key, name, rows: prices.nRows, columns: [...prices.columns],
    first: dates.length ? dates[0] : NaN, last: dates.length ? dates[dates.length - 1] : NaN,
    calendar: inferCalendar(dates).calendar, missing,
  };
  dataset = { summary, prices };
  return summary;
}

function prices(): Panel {
  if (dataset === null) throw new Error('no dataset loaded');
  return dataset.prices;
}

/** The last result as a table: date, each line's equity and drawdown, the strategy's weights. */
function exportTable(format: 'csv' | 'arrow', runId: number): ExportPayload {
  if (last === null || last.runId !== runId) throw new Error('that result is no longer in memory; run it again');
  const p = last.payload;
  const cols: Record<string, Float64Array> = {};
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  for (const s of p.series) {
    cols[`${slug(s.name)}_equity`] = s.equity;
    cols[`${slug(s.name)}_drawdown`] = s.drawdown;
  }
  const N = p.columns.length;
  const T = p.dates.length || p.series[0].equity.length;
  p.columns.forEach((c, j) => {
    const w = new Float64Array(T);
    for (let t = 0; t < T; t++) w[t] = p.weights[t * N + j];
    cols[`weight_${c}`] = w;
  });
  const panel = Panel.fromColumns(cols, p.dates.length ? { index: Array.from(p.dates), indexName: 'date' } : {});
  try {
    const table = panel.toArrow();
    const base = `xmom-${slug(last.name)}`;
    if (format === 'csv') {
      const bytes = new TextEncoder().encode(tableToCsv(table));
      return { filename: `${base}.csv`, mime: 'text/csv', bytes: bytes.buffer as ArrayBuffer };
    }
    const ipc = tableToIPC(table, 'file');
    return { filename: `${base}.arrow`, mime: 'application/vnd.apache.arrow.file', bytes: ipc.slice().buffer as ArrayBuffer };
  } finally {
    panel.free();
  }
}

async function handle(req: Request): Promise<{ value: unknown; transfer: Transferable[] }> {
  if (req.kind !== 'load') await engineReady;
  switch (req.kind) {
    case 'load':
      return { value: await load(req.key, req.name, req.source), transfer: [] };
    case 'backtest': {
      const payload = runBacktest(prices(), req.spec, req.runId);
      last = { runId: req.runId, name: `${req.spec.strategy}-${dataset!.summary.name}`, payload };
      // Copies go to the page: the worker keeps its own arrays for downloads.
      const copy: BacktestPayload = {
        ...payload,
        dates: payload.dates.slice(),
        weights: payload.weights.slice(),
        series: payload.series.map((s) => ({ ...s, equity: s.equity.slice(), drawdown: s.drawdown.slice() })),
      };
      const transfer = [copy.dates.buffer, copy.weights.buffer, ...copy.series.flatMap((s) => [s.equity.buffer, s.drawdown.buffer])];
      return { value: copy, transfer };
    }
    case 'gridPoint': {
      const t0 = performance.now();
      const metrics = runGridPoint(prices(), req.spec, req.overrides);
      const value: GridPointPayload = { metrics, ms: performance.now() - t0 };
      return { value, transfer: [] };
    }
    case 'export': {
      const value = exportTable(req.format, req.runId);
      return { value, transfer: [value.bytes] };
    }
  }
}

function wireError(e: unknown): WireError {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

// One request at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const req = e.data;
  queue = queue.then(async () => {
    try {
      const { value, transfer } = await handle(req);
      scope.postMessage({ id: req.id, ok: true, value }, transfer);
    } catch (err) {
      scope.postMessage({ id: req.id, ok: false, error: wireError(err) });
    }
  });
};
