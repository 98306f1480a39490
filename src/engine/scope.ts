/**
 * `tidy` scopes (the TensorFlow.js convention): every Panel and MatrixSeries allocated
 * while a scope is open is recorded in it, and freed when the scope closes unless it is
 * part of the scope's return value or was passed to `keep`.
 */
import { InputError } from '../errors.js';

/** What a scope frees: a Panel or a MatrixSeries. */
export interface Freeable {
  free(): void;
}

const scopes: Set<Freeable>[] = [];
/** Objects `keep` exempted from every enclosing scope. */
const kept = new WeakSet<Freeable>();

/** Records a new allocation in the innermost open scope (called by the allocator). */
export function scopeAdd(owner: Freeable): void {
  if (scopes.length !== 0) scopes[scopes.length - 1].add(owner);
}

/** Collects every tracked object reachable from `x` through arrays, plain objects, Maps and Sets. */
function collect(x: unknown, scope: Set<Freeable>, out: Set<Freeable>, seen: Set<unknown>): void {
  if (x === null || typeof x !== 'object' || seen.has(x)) return;
  seen.add(x);
  if (scope.has(x as Freeable)) {
    out.add(x as Freeable);
    return;
  }
  if (Array.isArray(x)) {
    for (const v of x) collect(v, scope, out, seen);
  } else if (x instanceof Map) {
    for (const [k, v] of x) {
      collect(k, scope, out, seen);
      collect(v, scope, out, seen);
    }
  } else if (x instanceof Set) {
    for (const v of x) collect(v, scope, out, seen);
  } else {
    const proto = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) for (const v of Object.values(x)) collect(v, scope, out, seen);
  }
}

/**
 * Runs `fn` and frees every Panel and MatrixSeries allocated while it ran, except those
 * in its return value (found inside arrays, plain objects, Maps and Sets too) and those
 * passed to `keep`. Kept results belong to the enclosing `tidy`, if any, so nested
 * tidies compose. Runs `fn` synchronously: an `async` fn (one returning a Promise) is
 * refused with an error, after freeing what its synchronous part allocated, because its
 * later parts would run after the scope closed (free those panels yourself, or use
 * `using`). If `fn` throws, everything it allocated is freed and the error propagates.
 */
export function tidy<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new InputError(`tidy: fn must be a function, got ${typeof fn}`);
  const scope = new Set<Freeable>();
  scopes.push(scope);
  let result: R;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const o of scope) if (!kept.has(o)) o.free();
    throw e;
  }
  scopes.pop();
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    for (const o of scope) if (!kept.has(o)) o.free();
    throw new InputError('tidy: fn returned a Promise; tidy runs synchronously and cannot wait for it (panels made after an await would escape it). '
      + 'Call tidy inside the async function around each synchronous part, or free the panels yourself (free() or `using`)');
  }
  const keep = new Set<Freeable>();
  collect(result, scope, keep, new Set());
  const parent = scopes.length !== 0 ? scopes[scopes.length - 1] : null;
  for (const o of scope) {
    if (keep.has(o)) parent?.add(o);
    else if (!kept.has(o)) o.free();
  }
  return result;
}

/**
 * Exempts a Panel or MatrixSeries from every `tidy` scope (open now or later): it
 * survives them until it is freed explicitly or collected. Returns its argument.
 */
export function keep<T extends Freeable>(x: T): T {
  kept.add(x);
  return x;
}
