/** The form: built from the library's defaults, read into a RunSpec and a grid. */
import type * as Xmom from '../src/browser.js';
import type { RebalanceSchedule } from '../src/browser.js';
import { escapeXml } from './charts/index.js';
import { $, input, select } from './dom.js';
import { FieldError, parseAxis, parseField, strategyForms, volTargetFields, type Field, type StrategyForm } from './fields.js';
import type { RunSpec, StrategyName } from './protocol.js';

/** The two grid axes and their values. */
export interface GridSpec {
  x: string;
  xs: number[];
  y: string;
  ys: number[];
}

let forms: Record<StrategyName, StrategyForm>;
let vtFields: Field[];

function fieldInput(prefix: string, f: Field, columns: readonly string[]): string {
  const id = `${prefix}-${f.key}`;
  let control: string;
  if (f.kind === 'bool') {
    return `<label class="check"><input type="checkbox" id="${id}"${f.initial === true ? ' checked' : ''}> ${escapeXml(f.label)}</label>`;
  }
  if (f.kind === 'select') {
    control = `<select id="${id}">${(f.choices ?? []).map((c) => `<option${c === f.initial ? ' selected' : ''}>${escapeXml(c)}</option>`).join('')}</select>`;
  } else if (f.kind === 'column') {
    control = `<select id="${id}">${columnOptions(columns)}</select>`;
  } else if (f.kind === 'int' || f.kind === 'number') {
    control = `<input type="number" id="${id}" value="${escapeXml(String(f.initial))}"${f.min !== undefined ? ` min="${f.min}"` : ''} step="${f.step ?? 'any'}"${f.optional ? ' placeholder="default"' : ''}>`;
  } else {
    control = `<input type="text" id="${id}" value="${escapeXml(String(f.initial))}"${f.optional ? ' placeholder="default"' : ''}>`;
  }
  return `<div class="row"><span>${escapeXml(f.label)}</span>${control}${f.hint ? `<small>${escapeXml(f.hint)}</small>` : ''}</div>`;
}

const columnOptions = (columns: readonly string[]) => `<option value="">cash</option>${columns.map((c) => `<option>${escapeXml(c)}</option>`).join('')}`;

export function strategy(): StrategyName {
  return select('strategy').value as StrategyName;
}

export function strategyLabel(name: StrategyName): string {
  return forms[name].label;
}

/** The fields of the chosen strategy, with their defaults, and its default grid. */
export function renderParams(columns: readonly string[]): void {
  const form = forms[strategy()];
  $('params').innerHTML = form.fields.map((f) => fieldInput('p', f, columns)).join('');
  const numeric = form.fields.filter((f) => f.kind === 'int' || f.kind === 'number');
  for (const [id, key] of [['grid-x', form.grid.x], ['grid-y', form.grid.y]] as const) {
    select(id).innerHTML = numeric.map((f) => `<option value="${f.key}"${f.key === key ? ' selected' : ''}>${escapeXml(f.label)}</option>`).join('');
  }
  input('grid-xs').value = form.grid.xs.join(', ');
  input('grid-ys').value = form.grid.ys.join(', ');
}

/** New column choices (defensive asset) for a new dataset, keeping the choice if it still exists. */
export function refreshColumns(columns: readonly string[]): void {
  for (const f of forms[strategy()].fields) {
    if (f.kind !== 'column') continue;
    const el = select(`p-${f.key}`);
    const keep = el.value;
    el.innerHTML = columnOptions(columns);
    el.value = columns.includes(keep) ? keep : '';
  }
}

/** Fills the form from the library's *_DEFAULTS; `columns` gives the current dataset's assets. */
export function buildForm(x: typeof Xmom, columns: () => readonly string[]): void {
  forms = strategyForms(x);
  vtFields = volTargetFields(x);
  select('strategy').innerHTML = Object.keys(forms).map((n) => `<option value="${n}">${escapeXml(forms[n].label)}</option>`).join('');
  $('vt-params').innerHTML = vtFields.map((f) => fieldInput('vt', f, [])).join('');
  const B = x.BACKTEST_DEFAULTS;
  input('fees').value = String(B.feesBps);
  input('slippage').value = String(B.slippageBps);
  input('lag').value = String(B.lag);
  select('rebalance').value = typeof B.rebalance === 'string' ? B.rebalance : 'daily';
  renderParams(columns());
  select('strategy').addEventListener('change', () => renderParams(columns()));
  select('rebalance').addEventListener('change', () => {
    $('weekday-row').hidden = select('rebalance').value !== 'weekly';
  });
}

function readFields(prefix: string, fields: Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const el = $<HTMLInputElement | HTMLSelectElement>(`${prefix}-${f.key}`);
    const raw = f.kind === 'bool' ? (el as HTMLInputElement).checked : el.value;
    const v = parseField(f, raw);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

function readNumber(id: string, label: string, integer: boolean): number {
  return parseField({ key: id, label, kind: integer ? 'int' : 'number', initial: '' }, input(id).value) as number;
}

/** The run described by the form; a FieldError names the field to fix. */
export function readForm(): { spec: RunSpec; grid: GridSpec | null } {
  const name = strategy();
  const params = readFields('p', forms[name].fields);
  const volTarget = input('vt-on').checked ? readFields('vt', vtFields) : null;
  const r = select('rebalance').value;
  const rebalance: RebalanceSchedule = r === 'weekly' ? { every: 'week', weekday: Number(select('weekday').value) } : (r as RebalanceSchedule);
  const spec: RunSpec = {
    strategy: name,
    params,
    volTarget,
    backtest: {
      rebalance,
      feesBps: readNumber('fees', 'Fees', false),
      slippageBps: readNumber('slippage', 'Slippage', false),
      lag: readNumber('lag', 'Execution lag', true),
    },
  };
  let grid: GridSpec | null = null;
  if (input('grid-on').checked) {
    const fields = forms[name].fields;
    const x = select('grid-x').value;
    const y = select('grid-y').value;
    if (x === y) throw new FieldError('Parameter grid: choose two different parameters for x and y');
    const isInt = (k: string) => fields.find((f) => f.key === k)?.kind === 'int';
    grid = { x, xs: parseAxis('Grid x values', input('grid-xs').value, isInt(x)), y, ys: parseAxis('Grid y values', input('grid-ys').value, isInt(y)) };
  }
  return { spec, grid };
}
