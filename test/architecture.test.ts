/**
 * The architecture, checked on the sources (README "Architecture"): the import graph of
 * src/ built with the TypeScript compiler's parser (static imports, `export ... from`,
 * `import type` and dynamic `import()` alike).
 *
 * - No import circles anywhere in src/.
 * - The layers above the engine (src/grid, strategies, weighting, backtest, metrics,
 *   cli) import from src/engine only through its public faces, src/engine/index.ts
 *   (isomorphic) and src/engine/node.ts (Node only).
 * - Those layers never hold a wasm pointer or call a wasm export: no `.ptr`, no
 *   identifier named `ptr` / `...Ptr`, no property named like a member of the wasm
 *   ABI (`Kernels`, `WasmRuntime` in src/engine/kernels.ts), no `WebAssembly`.
 *
 * The checker itself is tested first on small made-up sources, so that a rule that
 * could never fail does not pass for a kept one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
/** Folders of src/ above the engine. */
const ABOVE_ENGINE = ['grid', 'strategies', 'weighting', 'backtest', 'metrics', 'cli'];
/** The engine's public faces. */
const ENGINE_FACES = ['engine/index.ts', 'engine/node.ts'];

interface Source {
  /** Path relative to src/, with `/`. */
  path: string;
  text: string;
}

interface Use {
  file: string;
  line: number;
  what: string;
}

/** Every .ts file under src/ (not .d.ts), as paths relative to src/. */
function sourcesOf(dir: string): Source[] {
  const out: Source[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push({ path: relative(dir, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** `from` resolved against `file` (both relative to src/): `x.js` -> `x.ts`, or null when outside src/ or a package. */
function resolveImport(file: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const base = join(dirname(file), spec).split('\\').join('/');
  for (const c of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`]) if (known.has(c)) return c;
  return null;
}

/** Import specifiers of a source: declarations, re-exports, `import type`, `import()`. */
function specifiersOf(sf: ts.SourceFile): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const line = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push({ spec: n.moduleSpecifier.text, line: line(n) });
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      out.push({ spec: n.arguments[0].text, line: line(n) });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push({ spec: n.argument.literal.text, line: line(n) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

interface Analysis {
  graph: Map<string, Set<string>>;
  /** Import circles: the files of each strongly connected component of more than one file (or a self-import). */
  circles: string[][];
  /** Imports into src/engine that bypass its public faces, from the layers above it. */
  engineBypasses: Use[];
  /** Pointers or wasm exports used above the engine. */
  wasmUses: Use[];
}

/** Tarjan's strongly connected components of `graph` with more than one node, or a node importing itself. */
function circlesOf(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

/**
 * Member names of the wasm ABI: the `Kernels` and `WasmRuntime` interfaces of
 * engine/kernels.ts, except `free` and `shift`, which are also `Panel.free` and
 * `Array.prototype.shift` (the wasm's own need a pointer, which is flagged anyway).
 */
const ALSO_JS = new Set(['free', 'shift']);

function abiNames(sources: Source[]): Set<string> {
  const k = sources.find((s) => s.path === 'engine/kernels.ts');
  const names = new Set<string>();
  if (!k) return names;
  const sf = ts.createSourceFile(k.path, k.text, ts.ScriptTarget.ES2022, true);
  sf.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n) && (n.name.text === 'Kernels' || n.name.text === 'WasmRuntime')) {
      for (const m of n.members) if (m.name && ts.isIdentifier(m.name) && !ALSO_JS.has(m.name.text)) names.add(m.name.text);
    }
  });
  return names;
}

function analyse(sources: Source[]): Analysis {
  const known = new Set(sources.map((s) => s.path));
  const abi = abiNames(sources);
  const graph = new Map<string, Set<string>>();
  const engineBypasses: Use[] = [];
  const wasmUses: Use[] = [];
  for (const s of sources) {
    const sf = ts.createSourceFile(s.path, s.text, ts.ScriptTarget.ES2022, true);
    const edges = new Set<string>();
    const above = ABOVE_ENGINE.some((d) => s.path.startsWith(`${d}/`));
    for (const { spec, line } of specifiersOf(sf)) {
      const target = resolveImport(s.path, spec, known);
      if (target === null) continue;
      edges.add(target);
      if (above && target.startsWith('engine/') && !ENGINE_FACES.includes(target)) engineBypasses.push({ file: s.path, line, what: spec });
    }
    graph.set(s.path, edges);
    if (!above) continue;
    const visit = (n: ts.Node): void => {
      const at = (what: string): void => void wasmUses.push({ file: s.path, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, what });
      if (ts.isPropertyAccessExpression(n)) {
        const name = n.name.text;
        if (name === 'ptr' || /Ptr$/.test(name)) at(`.${name}`);
        else if (abi.has(name)) at(`.${name} (a wasm export)`);
      } else if (ts.isIdentifier(n) && !ts.isPropertyAccessExpression(n.parent)) {
        if (n.text === 'ptr' || /Ptr$/.test(n.text)) at(n.text);
        else if (n.text === 'WebAssembly') at('WebAssembly');
      } else if (ts.isElementAccessExpression(n) && ts.isStringLiteral(n.argumentExpression) && abi.has(n.argumentExpression.text)) {
        at(`['${n.argumentExpression.text}'] (a wasm export)`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const byPlace = (x: Use, y: Use): number => x.file.localeCompare(y.file) || x.line - y.line || x.what.localeCompare(y.what);
  return { graph, circles: circlesOf(graph).sort((x, y) => x[0].localeCompare(y[0])), engineBypasses: engineBypasses.sort(byPlace), wasmUses: wasmUses.sort(byPlace) };
}

const show = (u: Use[]): string[] => u.map((x) => `src/${x.file}:${x.line} ${x.what}`);

describe('architecture checker (on made-up sources)', () => {
  const kernels: Source = { path: 'engine/kernels.ts', text: 'export interface Kernels { ewmMean(x: number): void; }\nexport interface WasmRuntime { alloc(b: number): number; }\n' };

  it('finds an import circle, through type imports and dynamic import() too', () => {
    const a = analyse([
      kernels,
      { path: 'grid/a.ts', text: "import type { B } from './b.js';\nexport type A = B;\n" },
      { path: 'grid/b.ts', text: "export async function b() { return import('./c.js'); }\nexport type B = 1;\n" },
      { path: 'grid/c.ts', text: "export { a } from './a.js';\n" },
      { path: 'grid/d.ts', text: "import { b } from './b.js';\n" },
    ]);
    expect(a.circles).toEqual([['grid/a.ts', 'grid/b.ts', 'grid/c.ts']]);
  });

  it('finds imports into the engine that bypass index.ts / node.ts, only above the engine', () => {
    const a = analyse([
      kernels,
      { path: 'engine/index.ts', text: "export type { Kernels } from './kernels.js';\n" },
      { path: 'engine/node.ts', text: 'export const x = 1;\n' },
      { path: 'engine/wasm.ts', text: 'export const engine = 1;\n' },
      { path: 'strategies/s.ts', text: "import { engine } from '../engine/wasm.js';\nimport type { Kernels } from '../engine/index.js';\n" },
      { path: 'grid/plans/p.ts', text: "import { x } from '../../engine/node.js';\nimport type { Kernels } from '../../engine/kernels.js';\n" },
      { path: 'kernels/k.ts', text: "import { engine } from '../engine/wasm.js';\n" },
    ]);
    expect(show(a.engineBypasses)).toEqual(['src/grid/plans/p.ts:2 ../../engine/kernels.js', 'src/strategies/s.ts:1 ../engine/wasm.js']);
    expect(show(a.wasmUses)).toEqual([]);
    expect(a.circles).toEqual([]);
  });

  it('finds pointers and wasm exports above the engine, not below it', () => {
    const a = analyse([
      kernels,
      { path: 'backtest/b.ts', text: 'export function f(p: any, k: any) {\n  const pricesPtr = p.ptr;\n  k.ewmMean(pricesPtr);\n  k[\'alloc\'](8);\n  return WebAssembly;\n}\n' },
      { path: 'backtest/ok.ts', text: 'export function g(p: any, xs: number[]) {\n  p.free();\n  return xs.shift();\n}\n' },
      { path: 'kernels/k.ts', text: 'export function g(p: { ptr: number }, k: any) { k.ewmMean(p.ptr); }\n' },
    ]);
    expect(show(a.wasmUses)).toEqual([
      'src/backtest/b.ts:2 .ptr', 'src/backtest/b.ts:2 pricesPtr', 'src/backtest/b.ts:3 .ewmMean (a wasm export)', 'src/backtest/b.ts:3 pricesPtr',
      "src/backtest/b.ts:4 ['alloc'] (a wasm export)", 'src/backtest/b.ts:5 WebAssembly',
    ]);
  });
});

describe('architecture of src/', () => {
  const sources = sourcesOf(SRC);
  const a = analyse(sources);

  it('reads the whole tree (engine, grid, strategies, kernels, ...) and the wasm ABI', () => {
    expect(sources.length).toBeGreaterThan(150);
    for (const p of ['engine/index.ts', 'engine/node.ts', 'engine/threads/shareMemory.ts', 'grid/grid.ts', 'panel.ts']) expect(a.graph.has(p), p).toBe(true);
    expect(abiNames(sources).has('simulateStats')).toBe(true);
    // The graph has edges: the grid reaches the engine through its faces.
    expect([...a.graph.get('grid/run.ts')!]).toContain('engine/node.ts');
  });

  it('has no import circles', () => {
    expect(a.circles).toEqual([]);
  });

  it('grid, strategies, weighting, backtest, metrics and cli import the engine only through src/engine/index.ts or node.ts', () => {
    expect(show(a.engineBypasses)).toEqual([]);
  });

  it('grid, strategies, weighting, backtest, metrics and cli hold no wasm pointer and call no wasm export', () => {
    expect(show(a.wasmUses)).toEqual([]);
  });
});
