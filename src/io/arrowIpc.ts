import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { InputError } from '../errors.js';

export const IPC_FORMATS = ['file', 'stream'] as const;
export type IpcFormat = (typeof IPC_FORMATS)[number];

/**
 * Decodes Arrow IPC bytes, file format (`ARROW1` magic, also Feather v2) or stream
 * format: apache-arrow's `tableFromIPC` tells them apart. Column buffers are views
 * into `bytes` where alignment allows (no copy). Feather v1 (pre-2020) is not IPC
 * and is refused with that reason, an empty (0-byte) file as empty.
 */
export function decodeArrow(fn: string, bytes: Uint8Array, where: string): Table {
  if (bytes.length === 0) throw new InputError(`${fn}: ${where} is empty (0 bytes); an Arrow IPC file holds at least a schema`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic === 'FEA1') throw new InputError(`${fn}: ${where} is a Feather v1 file; only Feather v2 / Arrow IPC is supported (re-save it with pyarrow.feather.write_feather)`);
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    throw new InputError(`${fn}: ${where} is not a readable Arrow IPC file or stream (${(e as Error).message})`);
  }
}

/** Encodes a table as Arrow IPC: `'file'` (random access, `.arrow` / `.feather`) or `'stream'`. */
export function encodeArrow(table: Table, format: IpcFormat): Uint8Array {
  return tableToIPC(table, format);
}
