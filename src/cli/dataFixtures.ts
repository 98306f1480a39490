/** `xmom data fixtures`: regenerates the synthetic fixtures (deterministic: the same bytes every run). */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFixtures } from '../data/fixtures.js';
import { repoPath, shownPath } from './dataFile.js';
import type { Output } from './output.js';

/** The `data fixtures` command: `buildFixtures()` written into a folder. */
export function fixturesCommand(getOutput: (cmd: Command) => Output): Command {
  return new Command('fixtures')
    .description('regenerate the synthetic fixtures (crypto12, fx10, equities as .arrow and .csv); deterministic, same bytes every run')
    .option('--dir <dir>', 'output folder (default the bundled fixtures/)')
    .addHelpText('after', `
The models, parameters and seeds are documented in fixtures/README.md. Nothing in
them is real market data.

Examples:
  $ xmom data fixtures
  $ xmom data fixtures --dir /tmp/fixtures --json`)
    .action((f: { dir?: string }, self: Command) => {
      const out = getOutput(self);
      const dir = f.dir ? resolve(f.dir) : repoPath('fixtures');
      out.progress('simulating the synthetic markets...');
      const files = buildFixtures();
      out.done();
      mkdirSync(dir, { recursive: true });
      const written = files.map((x) => {
        const path = join(dir, x.name);
        writeFileSync(path, x.bytes);
        return { name: x.name, path, bytes: x.bytes.length };
      });
      if (out.json) {
        out.result({ command: 'data fixtures', dir, files: written });
        return;
      }
      for (const w of written) out.text(`${w.name.padEnd(16)} ${(w.bytes / 1e6).toFixed(2).padStart(7)} MB`);
      out.text(`${'total'.padEnd(16)} ${(written.reduce((s, w) => s + w.bytes, 0) / 1e6).toFixed(2).padStart(7)} MB -> ${shownPath(dir)}`);
    });
}

