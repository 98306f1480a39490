/**
 * Output folders checked before any work: a command that writes into `--out <dir>`
 * calls `checkOutDir` first, so that a 20,000-point grid or a long backtest is never
 * computed only to fail on a path that was unusable from the start, and an existing
 * report is never replaced silently. Every failure is a UsageError (exit 2) naming the
 * flag, the path and what to do.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shownPath } from './dataFile.js';
import { UsageError } from './errors.js';

/** The files each command writes into its `--out` folder. */
export const OUT_FILES = Object.freeze({
  backtest: ['report.html', 'series.json', 'series.arrow', 'weights.arrow'],
  grid: ['results.arrow', 'results.csv', 'results.json', 'summary.txt', 'heatmap.html'],
  gridReport: ['report.html'],
} as const);

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks that `dir` (the value of `flag`) can receive `files`: it is a folder or does
 * not exist yet (then its nearest existing ancestor must be a writable folder: it will
 * be created), it is writable, and, unless `force`, none of `files` exists in it.
 * Throws a UsageError otherwise. Touches nothing on disk.
 */
export function checkOutDir(flag: string, dir: string, files: readonly string[], force: boolean): void {
  const what = `${flag} ${shownPath(dir)}`;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new UsageError(`${what} is a file, not a folder; give a folder to write ${files.join(', ')} into`);
    }
    if (!writable(dir)) throw new UsageError(`${what}: the folder is not writable`);
    const present = files.filter((f) => existsSync(join(dir, f)));
    if (present.length && !force) {
      throw new UsageError(`${what} already holds ${present.join(', ')}; pass --force to replace ${present.length === 1 ? 'it' : 'them'}, or choose another folder`);
    }
    return;
  }
  let up = dirname(dir);
  while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
  if (!statSync(up).isDirectory()) throw new UsageError(`${what} cannot be created: ${shownPath(up)} is a file, not a folder`);
  if (!writable(up)) throw new UsageError(`${what} cannot be created: ${shownPath(up)} is not writable`);
}
