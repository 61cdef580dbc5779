#!/usr/bin/env node
// Renders the real panel bundle (dist/webview.js + dist/webview.css) in headless Chromium, under
// the same CSP the extension uses, with a stub acquireVsCodeApi whose host side really simulates
// with the core (scripts/preview/host.ts). Takes screenshots in dark, light and high-contrast
// themes and at narrow width, exercises keyboard, validation, theme switching, restore after
// reload and the exports (scripts/preview/shots.mjs), and fails on any failed check, console
// error or warning, page error or CSP violation.
//
//   node scripts/webview-preview.mjs [--out DIR] [--no-build] [--only shot,shot]
//
// DIR defaults to .cache/screenshots (git-ignored). The exports land in DIR/exports.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, loadPreviewHost, openPanel, root, startServer, waitForResults } from './preview/harness.mjs';
import { SHOTS } from './preview/shots.mjs';

function parseArgs(argv) {
  const args = { out: join(root, '.cache', 'screenshots'), build: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') args.out = resolve(argv[++i] ?? '');
    else if (arg === '--no-build') args.build = false;
    else if (arg === '--only') args.only = new Set((argv[++i] ?? '').split(','));
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/webview-preview.mjs [--out DIR] [--no-build] [--only shot,shot]');
      process.exit(0);
    } else throw new Error(`Unknown option ${arg} (try --help).`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.build) {
    const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('node esbuild.mjs failed');
  }
  const unknown = [...(args.only ?? [])].filter((name) => !SHOTS.some((shot) => shot.name === name));
  if (unknown.length > 0) throw new Error(`Unknown shot(s) ${unknown.join(', ')}; shots: ${SHOTS.map((s) => s.name).join(', ')}.`);
  mkdirSync(args.out, { recursive: true });
  const hostModule = await loadPreviewHost();
  const { server, port } = await startServer();
  const browser = await launchBrowser();
  let failed = false;
  try {
    for (const shot of SHOTS) {
      if (args.only && !args.only.has(shot.name)) continue;
      const panel = await openPanel(browser, `http://127.0.0.1:${port}`, hostModule, shot);
      const checks = [];
      try {
        await waitForResults(panel, shot.results);
        const target = shot.act ? await shot.act(panel, checks, args.out) : null;
        const path = join(args.out, `${shot.name}.png`);
        if (target) await target.screenshot({ path });
        else await panel.page.screenshot({ path, fullPage: true });
        checks.unshift(`screenshot ${path}`);
      } catch (error) {
        checks.push(`FAIL ${error instanceof Error ? error.stack : String(error)}`);
      }
      for (const problem of panel.problems) checks.push(`FAIL ${problem}`);
      console.log(`\n${shot.name} (${shot.theme}, ${shot.width ?? 1280}px)`);
      for (const check of checks) console.log(`  ${check}`);
      if (checks.some((c) => c.startsWith('FAIL'))) failed = true;
      await panel.context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failed) {
    console.error('\nSome checks failed.');
    process.exit(1);
  }
}

await main();
