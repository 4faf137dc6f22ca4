// npm run build, second step: bundles the compiled CLI (dist/cli/main.js) into one CommonJS file,
// dist/bundle/main.js, which bin/kehu compiles with a V8 code cache per command (dist/bundle/cache/), made
// here for the everyday commands by running them. Start-up is mostly Node reading, resolving and compiling
// modules (issue 16): one file is read once, and Node 20 can give V8 a code cache only for a script, not for
// an ES module. The modules inside are initialised when first imported, as before. better-sqlite3 stays outside (a native addon), as do the
// packages commands load when used. The churn worker is a second entry. The data files and the churn worker
// are found from import.meta.url two levels below the root, as from dist/app, so dist/bundle keeps that depth.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

/**
 * In a script (CommonJS) V8 cannot run `import()` from a code cache without an experimental flag, so the
 * packages commands import when used (ES modules such as chalk and @inquirer/prompts) are imported through
 * bin/kehu, an ES module: `globalThis.__kehuImport`. Loaded without bin/kehu (the churn worker), plain import().
 */
const IMPORT_BANNER = [
  "var __kehu_meta_url = require('node:url').pathToFileURL(__filename).href;",
  'var __kehuImport = (specifier) => (globalThis.__kehuImport ?? ((s) => import(s)))(specifier);',
].join(' ');

fs.rmSync(OUT, { recursive: true, force: true });
/** What every entry is built with: one CommonJS file for Node 20, in dist/bundle. */
const common = {
  absWorkingDir: ROOT,
  outdir: OUT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': '__kehu_meta_url' },
  banner: { js: IMPORT_BANNER },
  legalComments: 'none',
  logLevel: 'warning',
};
await build({ ...common, entryPoints: { main: 'dist/cli/main.js', churnWorker: 'dist/app/churnWorker.js' }, external, plugins: [lazyChildProcess, requireSqlite] });
// The PostgreSQL connection's thread (store/pgWorker.ts), with node-postgres inside it: started by every
// command on a server, it then reads one file instead of resolving and reading node-postgres's forty.
// pg-native, node-postgres's optional native binding, is not used.
await build({ ...common, entryPoints: { pgWorker: 'dist/store/pgWorker.js' }, external: ['pg-native'] });
fs.writeFileSync(path.join(OUT, 'package.json'), '{ "type": "commonjs" }\n');

for (const name of ['main.js', 'churnWorker.js', 'pgWorker.js']) {
  const file = path.join(OUT, name);
  const code = fs.readFileSync(file, 'utf8');
  // Every import() left in the bundle is of a package or a Node module (kehu's own modules are inside it).
  let rewritten = code.replace(/\bimport\(("[^"./][^"]*")\)/g, '__kehuImport($1)');
  const left = rewritten.match(/\bimport\("[^"]*"\)/g);
  if (left) throw new Error(`${name}: import() of a relative path left in the bundle: ${left.join(', ')}`);
  // ASCII only, so V8 holds the source in one byte a character and bin/kehu reads it without decoding UTF-8:
  // esbuild escapes strings and templates, not regular expressions and comments, where \uXXXX means the same
  // (a surrogate pair escaped in a /u expression is still one code point).
  rewritten = rewritten.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // main.js is wrapped here as Node wraps a CommonJS module, on its first line so line numbers stay: bin/kehu
  // compiles the file as read, without building a second megabyte-long string.
  if (name === 'main.js') rewritten = `(function (exports, require, module, __filename, __dirname) {${rewritten}\n})`;
  fs.writeFileSync(file, rewritten);
}

// The code caches of the everyday commands, each made by running it on a throw-away file (bin/kehu writes a
// command's cache when it has none). Other commands get theirs on first use where the folder can be written.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-code-cache-'));
const db = path.join(tmp, 'cache.db');
const env = { ...process.env, KEHU_USER: '张敏', KEHU_LANG: 'zh', KEHU_NOW: '2026-11-23T02:00:00Z', PAGER: 'cat' };
const runs = [
  ['user', 'add', '张敏', '--role', 'assistant'],
  ['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--status', 'a'],
  ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '回访', '--window-hours', '0'],
  ['log-order', '粤GZ0001', '--amount', '100'],
  ['list'],
  ['show', '粤GZ0001'],
  ['history', '粤GZ0001'],
  ['search', '广州'],
  ['today'],
  ['due'],
];
for (const args of runs) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'kehu'), ...args, '--db', db], { env, encoding: 'utf8' });
  // A bundle that cannot run these cannot run at all: the build fails here rather than at a user's desk.
  if (r.status !== 0) throw new Error(`kehu ${args.join(' ')} failed on the bundle just built: ${r.stderr.trim()}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
