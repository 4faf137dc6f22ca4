import { defineConfig } from 'vitest/config';

// Tests give clocks in China time; wall-clock dates must not depend on the machine's zone.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
