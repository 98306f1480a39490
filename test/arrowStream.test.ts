import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float64, Int32, Table, makeData, makeVector, tableFromIPC } from 'apache-arrow';
import { ArrowFileStream } from '../src/grid/arrowStream.js';

// The result writer reuses a batch's column buffers for the next batch as soon as
// `append` returns (src/grid/resultWriter.ts): the bytes must be in the file by then.

const tmp = mkdtempSync(join(tmpdir(), 'xmom-arrow-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function table(ids: Int32Array, xs: Float64Array): Table {
  return new Table({
    id: makeVector(makeData({ type: new Int32(), length: ids.length, nullCount: 0, data: ids })),
    x: makeVector(makeData({ type: new Float64(), length: xs.length, nullCount: 0, data: xs })),
  });
}

describe('ArrowFileStream', () => {
  it('has each appended batch in the file when append returns: buffers overwritten afterwards do not change it', async () => {
    const ids = new Int32Array(1000);
    const xs = new Float64Array(1000);
    const path = join(tmp, 'reuse.arrow');
    let w: ArrowFileStream | null = null;
    for (let b = 0; b < 3; b++) {
      for (let i = 0; i < 1000; i++) {
        ids[i] = b * 1000 + i;
        xs[i] = (b * 1000 + i) / 7;
      }
      const t = table(ids, xs);
      w ??= new ArrowFileStream(path, t.schema);
      w.append(t);
    }
    ids.fill(-1);
    xs.fill(NaN);
    await w!.finish();
    const back = tableFromIPC(readFileSync(path));
    expect(back.numRows).toBe(3000);
    const id = back.getChild('id')!;
    const x = back.getChild('x')!;
    for (let i = 0; i < 3000; i++) {
      if (id.get(i) !== i) expect.fail(`id row ${i}: ${String(id.get(i))}`);
      if (x.get(i) !== i / 7) expect.fail(`x row ${i}: ${String(x.get(i))}`);
    }
  });

  it('writes the schema of a stream with no rows', async () => {
    const path = join(tmp, 'empty.arrow');
    const w = new ArrowFileStream(path, table(new Int32Array(0), new Float64Array(0)).schema);
    await w.finish();
    const back = tableFromIPC(readFileSync(path));
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => f.name)).toEqual(['id', 'x']);
  });
});
