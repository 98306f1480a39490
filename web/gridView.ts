/**
 * The parameter grid: its points run in every worker of the pool, one point per request
 * (so progress shows point by point and a cancelled grid stops within one point), and
 * fill a heatmap as they arrive. `#xmom-grid` holds the finished grid.
 */
import type { Metrics } from '../src/browser.js';
import { heatmap } from './charts/index.js';
import { $, ms, select, setGridState, writeJson } from './dom.js';
import type { GridSpec } from './form.js';
import { formatMetric } from './format.js';
import { Cancelled, type EngineWorker } from './pool.js';
import type { DatasetSource, GridPointPayload, RunSpec } from './protocol.js';

type GridCell = Metrics | { error: string } | null;

let gridShown: { spec: GridSpec; cells: GridCell[][] } | null = null;

/** Metrics the heatmap can colour by. */
const HEATMAP_METRICS: Record<string, { label: string; format: 'percent' | 'ratio'; higherIsBetter: boolean }> = {
  sharpe: { label: 'Sharpe', format: 'ratio', higherIsBetter: true },
  cagr: { label: 'CAGR', format: 'percent', higherIsBetter: true },
  maxDrawdown: { label: 'Max drawdown', format: 'percent', higherIsBetter: true },
  calmar: { label: 'Calmar', format: 'ratio', higherIsBetter: true },
  sortino: { label: 'Sortino', format: 'ratio', higherIsBetter: true },
  annualVolatility: { label: 'Volatility', format: 'percent', higherIsBetter: false },
};

export function clearGrid(): void {
  gridShown = null;
}

/** (Re)draws the heatmap in the metric chosen in `#grid-metric`. */
export function drawGrid(): void {
  if (!gridShown) return;
  const { spec, cells } = gridShown;
  const key = select('grid-metric').value as keyof Metrics;
  const m = HEATMAP_METRICS[key];
  heatmap($('grid-chart'), {
    xName: spec.x, yName: spec.y, xs: spec.xs, ys: spec.ys, label: m.label, higherIsBetter: m.higherIsBetter,
    format: (v) => formatMetric(v, m.format),
    cell: (i, k) => {
      const c = cells[k][i];
      if (c === null || 'error' in c) return c;
      return c[key] as number;
    },
  });
}

export interface GridRun {
  dataset: { key: string; name: string; source: DatasetSource };
  spec: RunSpec;
  grid: GridSpec;
  title: string;
  runId: number;
  workers: EngineWorker[];
  /** False once a newer run or a dataset change has replaced this one. */
  current: () => boolean;
}

/** Runs every point of the grid on the workers; a failing point shows × with its error. */
export async function runGrid(r: GridRun): Promise<void> {
  const { grid, spec, dataset: ds } = r;
  const points: { i: number; k: number }[] = [];
  grid.ys.forEach((_, k) => grid.xs.forEach((_, i) => points.push({ i, k })));
  const cells: GridCell[][] = grid.ys.map(() => grid.xs.map(() => null));
  gridShown = { spec: grid, cells };
  $('grid-card').hidden = false;
  $('grid-card').classList.remove('stale');
  $('grid-title').textContent = r.title;
  const progress = $<HTMLProgressElement>('grid-progress');
  const text = $('grid-progress-text');
  progress.max = points.length;
  progress.value = 0;
  text.textContent = `0 / ${points.length}`;
  setGridState('running');
  drawGrid();
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let failed = 0;
  const work = async (w: EngineWorker) => {
    while (next < points.length && r.current()) {
      const { i, k } = points[next++];
      try {
        await w.ensureDataset(ds.key, ds.name, ds.source);
        const res = await w.call<GridPointPayload>({ kind: 'gridPoint', spec, overrides: { [grid.x]: grid.xs[i], [grid.y]: grid.ys[k] } });
        if (!r.current()) return;
        cells[k][i] = res.metrics;
      } catch (e) {
        if (!r.current() || e instanceof Cancelled) return;
        cells[k][i] = { error: (e as Error).message };
        failed++;
      }
      done++;
      progress.value = done;
      text.textContent = `${done} / ${points.length}`;
      drawGrid();
    }
  };
  await Promise.all(r.workers.map(work));
  if (!r.current()) return;
  const elapsed = performance.now() - t0;
  const n = r.workers.length;
  text.textContent = `${done} / ${points.length} in ${ms(elapsed)} on ${n} worker${n > 1 ? 's' : ''}${failed ? `; ${failed} failed (hover × for the reason)` : ''}`;
  const pick = (c: Metrics) => ({ sharpe: c.sharpe, cagr: c.cagr, maxDrawdown: c.maxDrawdown, calmar: c.calmar, sortino: c.sortino, annualVolatility: c.annualVolatility });
  writeJson('xmom-grid', {
    runId: r.runId, x: grid.x, xs: grid.xs, y: grid.y, ys: grid.ys,
    cells: cells.map((row) => row.map((c) => (c === null ? null : 'error' in c ? c : pick(c)))),
    ms: elapsed, workers: n,
  });
  setGridState('done');
}
