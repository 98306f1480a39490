import { describe, expect, it } from 'vitest';
import '../src/index.js'; // initialises the engine
import { pow } from '../src/engine/math.js';

describe('pow (src/engine/math.ts, wasm)', () => {
  it('pow(x, y) is the correctly rounded power where V8 11.3 (Node 20) ** is 1 ulp off', () => {
    // References: Python decimal at 80 digits, Decimal(x) ** Decimal(y), rounded to double
    // (glibc's math.pow gives the same doubles). Node 20's x ** y gives the neighbour.
    const cases: [number, number, number][] = [
      [57.79239995574951, 2.4849987030029297, 23891.668409661364],
      [56.162069869995115, 2.1640281677246094, 6107.228342235026],
      [0.5141721496582031, 3.2366258800029755, 0.11613589037017531],
      [1.0409468680620193, 3.315402030944824, 1.1423066173580334],
    ];
    for (const [x, y, want] of cases) expect(pow(x, y), `${x} ** ${y}`).toBe(want);
  });

  it('pow(x, y) follows IEEE 754 / ECMAScript special cases', () => {
    expect(pow(NaN, 0)).toBe(1);
    expect(pow(5, 0)).toBe(1);
    expect(pow(1, 1e300)).toBe(1);
    expect(pow(0, -1)).toBe(Infinity);
    expect(pow(-8, 1 / 3)).toBeNaN(); // negative base, non-integer exponent
    expect(pow(-2, 3)).toBe(-8);
    expect(pow(2, 0.5)).toBe(Math.SQRT2); // sqrt is correctly rounded, so is pow here
    expect(pow(2, -1074)).toBe(Number.MIN_VALUE);
    expect(pow(10, 309)).toBe(Infinity);
  });
});
