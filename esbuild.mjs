// Builds the separate bundles: extension host, worker, CLI (and the benchmark with --bench).
import { build } from 'esbuild';

// --production: minified, no source maps (what the .vsix ships).
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', target: 'node20' };
const bundles = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs' },
  { ...common, entryPoints: ['src/analysis/worker.ts'], outfile: 'dist/analysisWorker.js', platform: 'node', format: 'cjs' },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The sweep panel; its CSS (webview/sweep/style.css on top of webview/style.css) becomes dist/sweepView.css.
  { ...common, entryPoints: ['webview/sweep/main.ts'], outfile: 'dist/sweepView.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The review panel; likewise dist/reviewView.css (webview/review/style.css on top of webview/style.css).
  { ...common, entryPoints: ['webview/review/main.ts'], outfile: 'dist/reviewView.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/action.js', platform: 'node', format: 'cjs' },
];
if (process.argv.includes('--bench')) {
  bundles.push({ ...common, entryPoints: ['bench/index.ts'], outfile: 'dist/bench/index.js', platform: 'node', format: 'cjs' });
}
await Promise.all(bundles.map((options) => build(options)));
