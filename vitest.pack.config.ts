import { defineConfig } from 'vitest/config';

/**
 * `npm run test:pack` (CI's last step): packs the package, installs the tarball into a
 * fresh temporary project and uses it as a consumer would (test/pack/).
 */
export default defineConfig({
  test: {
    include: ['test/pack/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
