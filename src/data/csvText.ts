/**
 * Lines of a CSV text and the hints that go with errors about its shape: files saved
 * with CR-only line endings (classic Mac OS, some Excel exports) and files separated
 * by `;` (Excel in locales with a decimal comma), tabs or `|`.
 */
import { InputError } from '../errors.js';

/**
 * The lines of `text` (LF or CRLF endings). A text that has CR but no LF would read
 * as one long line: an InputError says so and how to fix it. `at` prefixes the
 * message (`'file.csv, '` or `''`).
 */
export function csvLines(fn: string, at: string, text: string): string[] {
  if (!text.includes('\n') && text.includes('\r')) {
    throw new InputError(`${fn}: ${at}the lines end with CR only (classic Mac line endings), so the whole file reads as one line; convert the line endings to LF or CRLF (e.g. tr '\\r' '\\n' < in.csv > out.csv)`);
  }
  return text.split(/\r?\n/);
}

const OTHER_DELIMITERS = [';', '\t', '|'];

/**
 * A hint for an error about the header or a field count: `; the header line contains
 * ';': pass delimiter ';' (--delimiter ';')` when the header holds another common
 * separator more often than the one in use, else `''`.
 */
export function delimiterHint(headerLine: string, delimiter: string): string {
  const count = (c: string): number => headerLine.split(c).length - 1;
  const best = OTHER_DELIMITERS.filter((c) => c !== delimiter && count(c) > count(delimiter)).sort((a, b) => count(b) - count(a))[0];
  if (best === undefined) return '';
  const shown = best === '\t' ? '\\t' : best;
  const flag = best === '\t' ? "--delimiter $'\\t'" : `--delimiter '${best}'`;
  return `; the header line contains '${shown}': is the file separated by '${shown}'? pass delimiter '${shown}' (${flag})`;
}
