import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The installed-tarball tests (npm pack + npm install, minutes): `npm run test:pack`, CI's last step.
    exclude: ['test/pack/**', '**/node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time on the 2-core machine (vitest's default leaves one core idle).
    maxWorkers: 2,
    minWorkers: 1,
  },
});
