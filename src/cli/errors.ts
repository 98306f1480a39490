/**
 * Exit codes and error lines of the `xmom` command. One clear line on stderr,
 * `xmom: <what went wrong>`, and a stack trace only with `--debug`.
 */
import { CommanderError } from 'commander';
import { InputError } from '../errors.js';

/**
 * 0 ok, 1 runtime failure (network, I/O, a bug), 2 bad usage or bad input, 3 a grid ran
 * but some (or all) of its points failed (the results, failures included, were printed
 * and written), 130 interrupted (Ctrl-C; what finished was printed and written).
 */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2, pointsFailed: 3, interrupted: 130 });

/**
 * Bad command-line usage found after commander parsed the arguments: an unknown
 * strategy or parameter, a malformed range or schedule. Maps to exit code 2, like
 * `InputError` (bad input data) and commander's own usage errors.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit code of an error thrown by a command. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof UsageError || e instanceof InputError) return EXIT.usage;
  if (e instanceof Interrupted) return EXIT.interrupted;
  if (e instanceof PointsFailed) return EXIT.pointsFailed;
  return EXIT.failure;
}

/** `xmom: message` (the message's own `fn: ` prefix kept: it names the function that refused). */
export function errorLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const oneLine = message.replace(/^error: /, '').split('\n').filter((l) => l.trim() !== '').join(' ');
  return `xmom: ${oneLine}`;
}

/** A run stopped by Ctrl-C after printing what finished: exit code 130, as shells use for SIGINT. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

/**
 * A grid that ran to the end but with failed points (each reported in the results'
 * `error` column): exit code 3, after the results were printed and written.
 */
export class PointsFailed extends Error {
  override name = 'PointsFailed';
}
