/** Where a command writes: results on stdout (text or JSON), progress on stderr (terminals only). */

/** Options every command shares (declared on the root program). */
export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
  progress?: boolean;
}

export interface Output {
  /** `--json`: print one JSON document on stdout instead of text. */
  readonly json: boolean;
  /** A line of text output (suppressed under `--json`). */
  text(line?: string): void;
  /** The JSON document (only under `--json`): NaN / Infinity become null. */
  result(value: unknown): void;
  /** A transient progress line on stderr, only when stderr is a terminal. */
  progress(line: string): void;
  /** Ends a progress line (clears it). */
  done(): void;
}

/** JSON.stringify with typed arrays as arrays and non-finite numbers as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  }, 2);
}

/** The output of one command run, from the global options. */
export function makeOutput(g: GlobalOptions, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Output {
  const json = g.json === true;
  const tty = stderr.isTTY === true && g.progress !== false;
  let open = false;
  return {
    json,
    text(line = '') {
      if (!json) stdout.write(`${line}\n`);
    },
    result(value) {
      if (json) stdout.write(`${toJson(value)}\n`);
    },
    progress(line) {
      if (!tty) return;
      stderr.write(`\r\x1b[2K${line}`);
      open = true;
    },
    done() {
      if (open) stderr.write('\r\x1b[2K');
      open = false;
    },
  };
}
