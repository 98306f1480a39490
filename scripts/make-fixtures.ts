/**
 * Writes the synthetic fixtures (fixtures/*.arrow, fixtures/*.csv) from their default
 * configurations: `npm run fixtures`. Deterministic: running it twice gives the same
 * bytes. The models, parameters and seeds are documented in fixtures/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtures } from '../src/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
mkdirSync(dir, { recursive: true });
let total = 0;
for (const f of buildFixtures()) {
  writeFileSync(join(dir, f.name), f.bytes);
  total += f.bytes.length;
  console.log(`${f.name.padEnd(16)} ${(f.bytes.length / 1e6).toFixed(2).padStart(7)} MB`);
}
console.log(`${'total'.padEnd(16)} ${(total / 1e6).toFixed(2).padStart(7)} MB -> ${dir}`);
