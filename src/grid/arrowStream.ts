/**
 * An Arrow IPC file written batch by batch: each appended table's record batches go to
 * the file as they come (the writer's bytes are drained into the file descriptor between
 * event-loop turns), and `finish` writes the footer. Readable by `tableFromIPC`, pyarrow,
 * polars. Memory: the batches not yet drained, never the whole file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { RecordBatchFileWriter, type Schema, type Table } from 'apache-arrow';

export class ArrowFileStream {
  readonly #fd: number;
  readonly #writer = new RecordBatchFileWriter();
  readonly #drain: Promise<void>;
  #closed = false;

  /** Opens (truncates) `path`; `schema` is written even when no row is ever appended. */
  constructor(path: string, schema: Schema) {
    this.#fd = openSync(path, 'w');
    this.#writer.reset(undefined, schema);
    const fd = this.#fd;
    const writer = this.#writer;
    this.#drain = (async () => {
      for await (const chunk of writer) writeSync(fd, chunk);
    })();
  }

  append(table: Table): void {
    for (const batch of table.batches) if (batch.numRows > 0) this.#writer.write(batch);
  }

  /** Writes the footer and closes the file. */
  async finish(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#writer.finish();
      await this.#drain;
    } finally {
      closeSync(this.#fd);
    }
  }
}
