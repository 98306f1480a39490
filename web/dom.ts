/** The page's fixed elements: lookups, status line, error boxes, state attributes, JSON islands. */
import { exactJson } from './format.js';

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
export const input = (id: string) => $<HTMLInputElement>(id);
export const select = (id: string) => $<HTMLSelectElement>(id);

export function setStatus(text: string): void {
  $('status-text').textContent = text;
}

/** Shows an error above the results (role=alert) and scrolls it into view. */
export function showError(message: string): void {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
  el.scrollIntoView({ block: 'nearest' });
}

/** Shows a problem with the form itself, under the Run button. */
export function showFormError(message: string): void {
  $('form-error').textContent = message;
  $('form-error').hidden = false;
}

export function hideErrors(): void {
  $('error').hidden = true;
  $('form-error').hidden = true;
}

/** The Cancel button is live while anything runs. */
function updateButtons(): void {
  const d = document.body.dataset;
  input('cancel').disabled = !(d.state === 'running' || d.state === 'loading' || d.gridState === 'running');
}

export type RunState = 'loading' | 'running' | 'done' | 'error' | 'cancelled';
export type GridState = 'off' | 'running' | 'done' | 'cancelled';

/** `body[data-state]`: what the backtest run is doing (tests and CSS read it). */
export function setState(state: RunState): void {
  document.body.dataset.state = state;
  updateButtons();
}

export function getState(): RunState {
  return document.body.dataset.state as RunState;
}

/** `body[data-grid-state]`: what the grid is doing. */
export function setGridState(state: GridState): void {
  document.body.dataset.gridState = state;
  updateButtons();
}

export function getGridState(): GridState {
  return document.body.dataset.gridState as GridState;
}

export function removeJson(id: string): void {
  document.getElementById(id)?.remove();
}

/** A `<script type="application/json" id=...>` with `value` in exact JSON (web/format.ts). */
export function writeJson(id: string, value: unknown): void {
  removeJson(id);
  const s = document.createElement('script');
  s.type = 'application/json';
  s.id = id;
  s.textContent = exactJson(value);
  document.body.append(s);
}

export const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
