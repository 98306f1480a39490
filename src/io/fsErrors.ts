import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * Reads a whole file, turning the common failures into InputErrors that say what is
 * wrong in plain words ("no such file: ...") instead of a raw errno.
 */
export function readFileBytes(fn: string, path: string): Uint8Array {
  if (typeof path !== 'string' || path === '') throw new InputError(`${fn}: path must be a non-empty string, got ${JSON.stringify(path)}`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fsError(fn, path, e, 'read');
  }
}

/** Writes a whole file (replacing it), with the same plain-word errors. */
export function writeFileBytes(fn: string, path: string, data: Uint8Array | string): void {
  if (typeof path !== 'string' || path === '') throw new InputError(`${fn}: path must be a non-empty string, got ${JSON.stringify(path)}`);
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw fsError(fn, path, e, 'write');
  }
}

function fsError(fn: string, path: string, e: unknown, verb: 'read' | 'write'): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return new InputError(verb === 'read' ? `${fn}: no such file: ${path}` : `${fn}: cannot write ${path}: its directory does not exist`);
    case 'EISDIR': return new InputError(`${fn}: ${path} is a directory, not a file`);
    case 'EACCES':
    case 'EPERM': return new InputError(`${fn}: permission denied to ${verb} ${path}`);
    case 'ENOTDIR': return new InputError(`${fn}: a part of the path ${path} is not a directory`);
    default: return e instanceof Error ? e : new Error(String(e));
  }
}
