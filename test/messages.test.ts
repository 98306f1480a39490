import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, readCsv, readLongCsv, readPanelFile } from '../src/index.js';
import { errorJson, errorLine, UsageError } from '../src/cli/errors.js';
import { main } from '../src/cli/main.js';
import { errorOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'xmom-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

describe('CSV shape hints', () => {
  // Regression: Excel in a decimal-comma locale writes ';'-separated files.
  const SEMICOLON_FILE = 'date;BTC;ETH\n2024-01-01;42000.5;2200\n2024-01-02;42100;2210\n';

  it("readCsv on a ';'-separated file says to pass delimiter ';' (--delimiter)", () => {
    const msg = errorOf(() => readCsv(SEMICOLON_FILE));
    expect(msg).toContain('no asset columns');
    expect(msg).toContain("pass delimiter ';' (--delimiter ';')");
    expect(Array.from(readCsv(SEMICOLON_FILE, { delimiter: ';' }).column('ETH'))).toEqual([2200, 2210]);
  });

  it("readLongCsv on a ';'-separated file says to pass delimiter ';'", () => {
    const msg = errorOf(() => readLongCsv('date;symbol;close\n2024-01-01;A;1\n', { value: 'close' }));
    expect(msg).toContain("no 'date' column; columns are 'date;symbol;close'");
    expect(msg).toContain("pass delimiter ';'");
  });

  it('readCsv gives no delimiter hint when the header is comma-separated', () => {
    expect(errorOf(() => readCsv('date,A\n2024-01-01,1,2\n'))).not.toContain('delimiter');
  });

  // Regression: a CR-only file read as one line ("no data rows after the header").
  const CR_ONLY_FILE = 'date,A\r2024-01-01,1\r2024-01-02,2\r';

  it('readCsv and readLongCsv on a CR-only file name the line endings', () => {
    expect(errorOf(() => readCsv(CR_ONLY_FILE))).toContain('the lines end with CR only');
    expect(errorOf(() => readLongCsv('date,symbol,close\r2024-01-01,A,1\r', { value: 'close', file: 'mac.csv' })))
      .toContain('mac.csv, the lines end with CR only');
    // CRLF stays fine
    expect(readCsv(CR_ONLY_FILE.replaceAll('\r', '\r\n')).nRows).toBe(2);
  });
});

describe('empty files', () => {
  it('readPanelFile on a 0-byte Arrow or Parquet file says it is empty', () => {
    expect(errorOf(() => readPanelFile(file('empty.arrow', new Uint8Array(0))))).toMatch(/empty\.arrow is empty \(0 bytes\)/);
    expect(errorOf(() => readPanelFile(file('empty.feather', new Uint8Array(0))))).toMatch(/empty\.feather is empty \(0 bytes\)/);
    expect(errorOf(() => readPanelFile(file('empty.parquet', new Uint8Array(0))))).toMatch(/empty\.parquet is empty \(0 bytes\)/);
  });
});

describe('CLI error lines', () => {
  it("errorLine(e) prefixes 'xmom: ' once: never 'xmom: xmom data: ...'", () => {
    expect(errorLine(new InputError('xmom data: no such file: a.csv'))).toBe('xmom: data: no such file: a.csv');
    expect(errorLine(new InputError('xmom: readCsv: bad'))).toBe('xmom: readCsv: bad');
    expect(errorLine(new InputError('readCsv: line 2 ...'))).toBe('xmom: readCsv: line 2 ...');
    expect(errorLine(new Error('error: unknown option \'--x\''))).toBe("xmom: unknown option '--x'");
  });

  it('errorJson(e) gives the message, the error type and the exit code', () => {
    expect(errorJson(new UsageError('bad\nflag'))).toEqual({ error: 'bad flag', type: 'UsageError', exitCode: 2 });
    expect(errorJson(new Error('disk'))).toEqual({ error: 'disk', type: 'Error', exitCode: 1 });
  });
});

describe('xmom --json', () => {
  let stdout = '';
  let stderr = '';
  const capture = (): void => {
    stdout = '';
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  };
  afterEach(() => vi.restoreAllMocks());

  it('xmom --json data inspect on an empty Arrow file prints one JSON error object on stdout and exits 2', async () => {
    const path = file('zero.arrow', new Uint8Array(0));
    capture();
    const code = await main(['--json', 'data', 'inspect', path]);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    const doc = JSON.parse(stdout) as { error: string; type: string; exitCode: number };
    expect(doc.type).toBe('InputError');
    expect(doc.exitCode).toBe(2);
    expect(doc.error).toContain('zero.arrow is empty (0 bytes)');
    expect(stderr).toMatch(/^xmom: .*is empty \(0 bytes\)/);
    expect(stderr).not.toMatch(/xmom: xmom/);
  });

  it('xmom data inspect --date-format dmy reads a day-first monthly file as monthly', async () => {
    const path = file('dmy-monthly.csv', 'date,A\n1/1/2018,100\n1/2/2018,101\n1/3/2018,99\n1/4/2018,102\n1/5/2018,104\n1/6/2018,103\n');
    capture();
    const refused = await main(['--json', 'data', 'inspect', path]);
    const refusal = JSON.parse(stdout) as { error: string };
    capture();
    const code = await main(['--json', 'data', 'inspect', path, '--date-format', 'dmy']);
    vi.restoreAllMocks();
    expect(refused).toBe(2);
    expect(refusal.error).toContain('ambiguous');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { inspection: { start: string; end: string; periodsPerYear: number } };
    expect(doc.inspection.start).toBe('2018-01-01');
    expect(doc.inspection.end).toBe('2018-06-01');
    expect(doc.inspection.periodsPerYear).toBe(12);
  });
});
