// npm run build, second step: bundles the compiled CLI (dist/cli/main.js) into dist/bundle/, which bin/kehu
// loads. What every command needs in a few files and a chunk per lazily imported module (a command's module,
// the use case it runs), so a command loads ~30 files instead of ~150: start-up is mostly the ES module
// loader resolving and reading files (issue 16). better-sqlite3 stays outside (a native addon).
// The data files and the churn worker are found from import.meta.url two levels below the root, as from
// dist/app, so dist/bundle keeps that depth.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');

/**
 * commander requires node:child_process at load time for executable subcommands, which kehu does not have;
 * loading it pulls in net, dgram and streams (~35 of Node's own modules) on every start. Inside commander it
 * is required on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'kehu-lazy' } : undefined,
    );
    b.onLoad({ filter: /^lazy-child-process$/, namespace: 'kehu-lazy' }, () => ({
      contents: "let cp; module.exports = new Proxy({}, { get: (_, k) => (cp ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

/**
 * better-sqlite3 stays a separate package (a native addon), loaded through require: imported as an ES module,
 * Node would scan its CommonJS source for export names on every start.
 */
const requireSqlite = {
  name: 'require-better-sqlite3',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) => (args.namespace === 'kehu-lazy' ? { path: 'better-sqlite3', external: true } : { path: 'better-sqlite3', namespace: 'kehu-lazy' }));
    b.onLoad({ filter: /^better-sqlite3$/, namespace: 'kehu-lazy' }, () => ({ contents: "module.exports = require('better-sqlite3');", loader: 'js' }));
  },
};

/**
 * Only commander, which every command parses with, goes into the bundle with kehu's own code. The other
 * packages are loaded from node_modules when a command uses them (prompts, spreadsheets, CSV, colours,
 * tables): they stay as their authors ship them (Node warns about old Buffer() calls made outside
 * node_modules, as in exceljs's dependencies), and their many files are read only by the commands needing them.
 */
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => name !== 'commander' && name !== 'better-sqlite3');

fs.rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'dist/cli/main.js', churnWorker: 'dist/app/churnWorker.js' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // CommonJS packages inside an ES module bundle call require() for Node's own modules.
  banner: { js: "import { createRequire as __kehuCreateRequire } from 'node:module'; const require = __kehuCreateRequire(import.meta.url);" },
  external,
  plugins: [lazyChildProcess, requireSqlite],
  legalComments: 'none',
  logLevel: 'warning',
});
// The chunks are ES modules: said next to them, Node need not look further up for a package.json.
fs.writeFileSync(path.join(OUT, 'package.json'), '{ "type": "module" }\n');
