/**
 * The demo page's controller (started by web/app.ts once the first worker is on its way
 * and the library is loaded): datasets, runs, downloads and the wiring of the controls.
 * The page never computes a backtest itself, so it stays responsive. Every run and
 * every dataset change takes a new generation number; a reply that belongs to an older
 * generation is dropped, and busy workers are cancelled, so a stale result is never
 * shown as if new.
 */
import type * as Xmom from '../src/browser.js';
import { BUNDLED, bundledSource } from './datasets.js';
import {
  $, getGridState, getState, hideErrors, input, select, setGridState, setState, setStatus, showError, showFormError,
} from './dom.js';
import { buildForm, readForm, refreshColumns, strategyLabel, type GridSpec } from './form.js';
import { formatDate } from './format.js';
import { FieldError } from './fields.js';
import { clearGrid, drawGrid, runGrid } from './gridView.js';
import { Cancelled, EngineWorker } from './pool.js';
import type { BacktestPayload, DatasetSource, DatasetSummary, ExportPayload, RunSpec } from './protocol.js';
import { clearOutput, drawCharts, markStale, renderResult, shownRunId } from './results.js';

interface Dataset {
  key: string;
  name: string;
  source: DatasetSource;
  summary: DatasetSummary | null;
  /** The load in progress or done (see `loadDataset`). */
  ready: Promise<DatasetSummary> | null;
}

/** Workers: pool[0] for backtests (and the grid), more for the grid, up to 4 in all. */
const POOL_SIZE = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
const pool: EngineWorker[] = [];
/** Largest file the page reads. */
const MAX_FILE_BYTES = 256 * 2 ** 20;

let lib: typeof Xmom;
let dataset: Dataset | null = null;
let fileCounter = 0;
/** Bumped by every run and dataset change; replies of older generations are dropped. */
let generation = 0;
let runCounter = 0;

const columns = (): readonly string[] => dataset?.summary?.columns ?? [];

/**
 * Cancels work in flight: busy workers are terminated (and restarted on their next
 * request), except a worker whose only job is loading the dataset that is still wanted.
 */
function cancelBusy(): void {
  for (const w of pool) if (w.busyWithOtherThanLoading(dataset?.key ?? null)) w.cancel();
}

/** Removes both the backtest result and the grid. */
function clearAll(): void {
  clearOutput();
  clearGrid();
}

// ---------------------------------------------------------------- datasets

function datasetInfo(s: DatasetSummary): string {
  const cols = s.columns.length > 6 ? `${s.columns.slice(0, 6).join(', ')}, …` : s.columns.join(', ');
  return `${s.rows} rows × ${s.columns.length} assets (${cols}), ${formatDate(s.first)} to ${formatDate(s.last)}, ${s.calendar} calendar, ${s.missing} missing cells`;
}

/**
 * Loads `ds` in the first worker, once: on success its summary is shown and the column
 * choices follow it. A file that cannot be read rejects with "Could not read <name>:
 * <the InputError's message>"; a cancelled load can be retried.
 */
function loadDataset(ds: Dataset): Promise<DatasetSummary> {
  if (ds.summary) return Promise.resolve(ds.summary);
  if (ds.ready === null) {
    const ready = pool[0].ensureDataset(ds.key, ds.name, ds.source).then(
      (summary) => {
        ds.summary = summary;
        if (dataset === ds) {
          $('data-info').textContent = datasetInfo(summary);
          refreshColumns(summary.columns);
        }
        return summary;
      },
      (e: Error) => {
        if (e instanceof Cancelled) {
          if (ds.ready === ready) ds.ready = null;
          throw e;
        }
        throw new Error(`Could not read ${ds.name}: ${e.message}`);
      },
    );
    ds.ready = ready;
  }
  return ds.ready;
}

/** Makes `ds` the dataset: clears the results of the previous one, loads it, then runs. */
async function useDataset(ds: Dataset): Promise<void> {
  const gen = ++generation;
  dataset = ds;
  cancelBusy();
  clearAll();
  hideErrors();
  setGridState('off');
  setState('loading');
  setStatus(`Reading ${ds.name}…`);
  $('data-info').textContent = '';
  try {
    await loadDataset(ds);
  } catch (e) {
    if (gen !== generation || e instanceof Cancelled) return;
    showError((e as Error).message);
    setStatus('No dataset loaded: fix the file and drop it again, or pick a bundled dataset.');
    setState('error');
    return;
  }
  if (gen === generation) await run();
}

function newDataset(key: string, name: string, source: DatasetSource): Dataset {
  return { key, name, source, summary: null, ready: null };
}

function useBundled(id: string): Promise<void> {
  return useDataset(newDataset(id, BUNDLED[id].name, bundledSource(id)));
}

async function useFile(file: File): Promise<void> {
  const opt = select('dataset').querySelector<HTMLOptionElement>('option[value=file]')!;
  opt.hidden = false;
  opt.textContent = `file: ${file.name}`;
  select('dataset').value = 'file';
  if (file.size > MAX_FILE_BYTES) {
    generation++;
    dataset = null;
    cancelBusy();
    clearAll();
    showError(`${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MB; the demo reads files up to ${MAX_FILE_BYTES / 2 ** 20} MB`);
    setState('error');
    return;
  }
  const text = await file.text();
  await useDataset(newDataset(`file:${++fileCounter}:${file.name}`, file.name, { text }));
}

// ---------------------------------------------------------------- runs

/** Runs the form's backtest in pool[0], then its grid (if asked) on the whole pool. */
async function run(): Promise<void> {
  hideErrors();
  let form: { spec: RunSpec; grid: GridSpec | null };
  try {
    form = readForm();
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    showFormError(e.message);
    return;
  }
  const ds = dataset;
  if (ds === null) {
    showFormError('No dataset is loaded: pick a bundled dataset or drop a CSV file.');
    return;
  }
  const gen = ++generation;
  const runId = ++runCounter;
  cancelBusy();
  markStale();
  setGridState('off');
  setState('running');
  setStatus(`Running ${form.spec.strategy} on ${ds.name}…`);
  const t0 = performance.now();
  let payload: BacktestPayload;
  try {
    await loadDataset(ds); // still loading when Run is pressed early; rejects for a bad file
    await pool[0].ensureDataset(ds.key, ds.name, ds.source); // again if the worker was restarted
    payload = await pool[0].call<BacktestPayload>({ kind: 'backtest', runId, spec: form.spec });
  } catch (e) {
    if (gen !== generation || e instanceof Cancelled) return;
    clearAll();
    showError((e as Error).message);
    setStatus('The run failed: nothing is shown.');
    setState('error');
    return;
  }
  if (gen !== generation) return;
  renderResult(ds.name, form.spec, payload, lib.METRIC_TABLE_ROWS, performance.now() - t0);
  setState('done');
  if (!form.grid) return;
  while (pool.length < POOL_SIZE) pool.push(new EngineWorker());
  const g = form.grid;
  await runGrid({
    dataset: ds, spec: form.spec, grid: g, runId, workers: pool, current: () => gen === generation,
    title: `${strategyLabel(form.spec.strategy)}: ${g.x} × ${g.y}, ${g.xs.length * g.ys.length} backtests`,
  });
}

/** Stops everything: workers are terminated; a backtest in flight leaves nothing on screen. */
function cancel(): void {
  const wasRunning = getState() === 'running' || getState() === 'loading';
  generation++;
  for (const w of pool) w.cancel();
  if (wasRunning) {
    clearAll();
    setState('cancelled');
    setStatus(dataset?.summary ? 'Cancelled: nothing is shown. Press Run to start again.' : 'Cancelled while reading the data: pick the dataset again.');
  }
  if (getGridState() === 'running') {
    setGridState('cancelled');
    $('grid-progress-text').textContent += ' (cancelled: the grid is incomplete)';
  }
}

// ---------------------------------------------------------------- downloads

/** Saves the result on screen as CSV or Arrow IPC (built in the worker that computed it). */
async function download(format: 'csv' | 'arrow'): Promise<void> {
  const runId = shownRunId();
  if (runId === null) return;
  try {
    const r = await pool[0].call<ExportPayload>({ kind: 'export', runId, format });
    if (shownRunId() !== runId) return;
    const url = URL.createObjectURL(new Blob([r.bytes], { type: r.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    if (e instanceof Cancelled) return;
    showError(`Download failed: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------- wiring

function wire(): void {
  buildForm(lib, columns);
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  input('cancel').addEventListener('click', cancel);
  select('dataset').addEventListener('change', () => {
    const v = select('dataset').value;
    if (v in BUNDLED) void useBundled(v);
  });
  input('file').addEventListener('change', () => {
    const f = input('file').files?.[0];
    input('file').value = '';
    if (f) void useFile(f);
  });
  const drop = $('drop');
  window.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  window.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) drop.classList.remove('over');
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) void useFile(f);
  });
  input('log-scale').addEventListener('change', drawCharts);
  select('grid-metric').addEventListener('change', drawGrid);
  input('dl-csv').addEventListener('click', () => void download('csv'));
  input('dl-arrow').addEventListener('click', () => void download('arrow'));
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      drawCharts();
      drawGrid();
    }, 150);
  });
  $('engine').textContent = `engine: WebAssembly (SIMD) in Web Workers · ${POOL_SIZE} for grids`;
}

/**
 * Builds the form and runs the initial dataset. `first` is the worker web/app.ts started
 * (and asked to load `initial`) before the library was loaded.
 */
export function start(xmom: typeof Xmom, first: EngineWorker, initial: string): void {
  lib = xmom;
  pool.push(first);
  wire();
  select('dataset').value = initial;
  void useBundled(initial);
}
