import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

// Tests give clocks in China time; wall-clock dates must not depend on the machine's zone.
process.env.TZ = 'Asia/Shanghai';

const shared = {
  setupFiles: ['test/setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};

/**
 * Not run again on PostgreSQL: tests of what only a SQLite file has (its migrations from older files, the code
 * cache of the bundle), and tests that open no database at all (the rules in src/core, the renderers and
 * messages in test/cli, help and shell completion), which give the same on either engine.
 */
const NOT_ON_POSTGRES = [
  'test/store/migrations.test.ts',
  'test/store/agendaMigration.test.ts',
  'test/e2e/codeCache.test.ts',
  'test/core/**',
  'test/cli/**',
  'test/e2e/help.test.ts',
  'test/e2e/completion.test.ts',
];

// The same suite runs on both engines (issue 17). On PostgreSQL it needs Debian's postgresql package:
// test/pgSetup.ts starts a throw-away cluster. Without one (a newcomer's machine), the postgres project is left
// out with a warning; CI installs it (.ci/run), and there a missing server fails the run.
const havePostgres = Boolean(process.env.KEHU_TEST_PG) || fs.existsSync('/usr/lib/postgresql');
if (!havePostgres) {
  if (process.env.CI) throw new Error('CI runs the tests on PostgreSQL too: install the postgresql package (.ci/run does)');
  console.warn('PostgreSQL is not installed (apt-get install postgresql): the tests run on SQLite only');
}

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'] } },
      ...(havePostgres
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                // Every statement is a round trip to the server: a test building the demo takes minutes there.
                testTimeout: 600_000,
                hookTimeout: 600_000,
                include: ['test/**/*.test.ts'],
                exclude: NOT_ON_POSTGRES,
                env: { KEHU_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/pgSetup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
