// Start-up time of the `xmom` command (`npm run bench:cli`): spawns `node bin/xmom.js
// --help` (the compiled CLI, as `npx xmom --help` runs it) N times, alternating with a bare
// `node -e 0` so both see the same machine load, and prints the median and best wall time
// of each (and the CPU time, user + sys, through /usr/bin/time when it exists). Needs `npm run build`. Options: --runs N (default 21), --bin <path> (another
// launcher, e.g. node_modules/xmom/bin/xmom.js of an installed package), -- args...
//   node bench/cli-start.mjs --runs 31
//   node bench/cli-start.mjs -- demo --out /tmp/demo
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const runs = Number(opt('--runs', '21'));
const bin = opt('--bin', fileURLToPath(new URL('../bin/xmom.js', import.meta.url)));
const dash = argv.indexOf('--');
const args = dash >= 0 ? argv.slice(dash + 1) : ['--help'];

/** GNU time, when present, also gives the CPU time (user + sys), which machine load disturbs less than wall time. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const cpu = { xmom: [], bare: [] };

/** Wall time (ms) of one spawn (CPU ms pushed to `cpuOut`); throws when the command fails. */
function time(cmd, cpuOut = []) {
  const t0 = performance.now();
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', '@cpu %U %S', process.execPath, ...cmd], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, cmd, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${cmd.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const m = /@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  if (m) cpuOut.push((Number(m[1]) + Number(m[2])) * 1000);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

time([bin, ...args]); // warm the file cache
const xmom = [];
const bare = [];
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0'], cpu.bare));
  xmom.push(time([bin, ...args], cpu.xmom));
}
const row = (label, xs, cs) => `${label.padEnd(40)} median ${median(xs).toFixed(0).padStart(5)} ms   best ${Math.min(...xs).toFixed(0).padStart(5)} ms`
  + (cs.length ? `   CPU (user+sys) median ${median(cs).toFixed(0).padStart(5)} ms` : '');
console.log(`${runs} runs each, alternating; node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(row(`node ${bin.replace(process.cwd() + '/', '')} ${args.join(' ')}`, xmom, cpu.xmom));
console.log(row('node -e 0 (Node start-up alone)', bare, cpu.bare));
