/**
 * An Arrow IPC file written batch by batch: each appended table's record batches go to
 * the file synchronously, before `append` returns (the writer's sink is the file
 * descriptor itself, not a queue drained between event-loop turns), and `finish` writes
 * the footer. Readable by `tableFromIPC`, pyarrow, polars. Memory: nothing past the call;
 * the caller may reuse the appended table's buffers as soon as `append` returns.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { AsyncByteQueue, RecordBatchFileWriter, type Schema, type Table } from 'apache-arrow';

/** The writer's byte sink: every chunk straight to `fd` (Arrow hands it views of the batch's buffers). */
class FileSink extends AsyncByteQueue {
  readonly #fd: number;

  constructor(fd: number) {
    super();
    this.#fd = fd;
  }

  override write(value: ArrayBufferView | ArrayBufferLike | string): void {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value)
      : ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value);
    for (let off = 0; off < bytes.length; ) off += writeSync(this.#fd, bytes, off, bytes.length - off);
  }
}

export class ArrowFileStream {
  readonly #fd: number;
  readonly #writer = new RecordBatchFileWriter();
  #closed = false;

  /** Opens (truncates) `path`; `schema` is written even when no row is ever appended. */
  constructor(path: string, schema: Schema) {
    this.#fd = openSync(path, 'w');
    this.#writer.reset(new FileSink(this.#fd), schema);
  }

  /** Writes the record batches of `table` (they are in the file when this returns). */
  append(table: Table): void {
    for (const batch of table.batches) if (batch.numRows > 0) this.#writer.write(batch);
  }

  /** Writes the footer and closes the file. */
  async finish(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#writer.finish();
    } finally {
      closeSync(this.#fd);
    }
  }
}
