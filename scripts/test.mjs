// Typechecks, bundles every test/unit/**/*.test.ts with esbuild, runs them with node's test runner,
// then (without a filter) the real-editor tests in code-server: scripts/editor/test.mjs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const filter = process.argv.slice(2);
const tests = findTests('test/unit').filter((t) => filter.length === 0 || filter.some((f) => t.includes(f)));
if (!process.env.SKIP_TYPECHECK) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const build_ = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build_.status !== 0) process.exit(build_.status ?? 1);
// A private output folder per run, so concurrent runs never delete each other's bundles.
const outdir = join('out', `test-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: tests,
  outdir,
  outbase: '.',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
});
const outputs = tests.map((t) => join(outdir, relative('.', t)).replace(/\.ts$/, '.js'));
const run = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...outputs], { stdio: 'inherit' });
rmSync(outdir, { recursive: true, force: true });
if (run.status !== 0) process.exit(run.status ?? 1);
// The whole suite (no filter) also runs the extension in a real VS Code; SKIP_EDITOR_TESTS=1 skips it.
if (filter.length === 0 && !process.env.SKIP_EDITOR_TESTS) {
  const editor = spawnSync(process.execPath, ['scripts/editor/test.mjs'], { stdio: 'inherit' });
  process.exit(editor.status ?? 1);
}
