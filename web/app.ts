/**
 * Entry of the demo page. Starts the first engine worker and has it load the default
 * dataset at once, then imports the library (for the form's defaults) and starts the
 * interface (web/ui.ts): the worker fetches the engine and the data meanwhile.
 */
import { BUNDLED, bundledSource } from './datasets.js';
import { EngineWorker } from './pool.js';
import { start } from './ui.js';

const initial = 'crypto12';
const first = new EngineWorker();
// Errors are reported when the interface asks for the same dataset (it reuses this load).
first.ensureDataset(initial, BUNDLED[initial].name, bundledSource(initial)).catch(() => undefined);
try {
  start(await import('../src/browser.js'), first, initial);
} catch (e) {
  const error = document.getElementById('error')!;
  error.textContent = `The page could not start: ${(e as Error).message}`;
  error.hidden = false;
  document.getElementById('status-text')!.textContent = 'Not running.';
  document.body.dataset.state = 'error';
}
