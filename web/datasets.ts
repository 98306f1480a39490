/** The datasets served with the demo (copied from fixtures/ into dist/web/data by build-web). */
import type { DatasetSource } from './protocol.js';

export const BUNDLED: Record<string, { name: string; file: string }> = {
  crypto12: { name: 'crypto12', file: 'data/crypto12.csv' },
  fx10: { name: 'fx10', file: 'data/fx10.csv' },
};

/** An absolute URL, so that it resolves the same inside a worker. */
export function bundledSource(id: string): DatasetSource {
  return { url: new URL(BUNDLED[id].file, location.href).href };
}
