/**
 * Thrown for bad input: a parameter out of range, an unknown option, a malformed
 * panel. The message names what was wrong, where, and what is allowed. The CLI
 * maps it to exit code 2.
 */
export class InputError extends Error {
  override name = 'InputError';
}
