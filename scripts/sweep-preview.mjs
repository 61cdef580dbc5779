#!/usr/bin/env node
// Renders the real sweep panel bundle (dist/sweepView.js + dist/sweepView.css) in headless
// Chromium under the panel's CSP, fed by sweeps the real engine computes at small sizes
// (scripts/preview/sweepHost.ts): each of the 4 kinds in dark, light and high contrast, at 320 px,
// running, cancelled, by keyboard, exported, restored and re-themed (scripts/preview/sweepShots.mjs).
// Fails on any failed check, console error or warning, page error or CSP violation.
//
//   node scripts/sweep-preview.mjs [--out DIR] [--no-build] [--only scene,scene]
//
// DIR defaults to .cache/sweep-screenshots (git-ignored). The exports land in DIR/exports.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, loadSweepHost, openSweepPanel, root, startSweepServer, waitForSweep } from './preview/sweepHarness.mjs';
import { SCENES } from './preview/sweepShots.mjs';

function parseArgs(argv) {
  const args = { out: join(root, '.cache', 'sweep-screenshots'), build: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') args.out = resolve(argv[++i] ?? '');
    else if (arg === '--no-build') args.build = false;
    else if (arg === '--only') args.only = new Set((argv[++i] ?? '').split(','));
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/sweep-preview.mjs [--out DIR] [--no-build] [--only scene,scene]');
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
  const unknown = [...(args.only ?? [])].filter((name) => !SCENES.some((scene) => scene.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scene(s) ${unknown.join(', ')}; scenes: ${SCENES.map((s) => s.name).join(', ')}.`);
  mkdirSync(args.out, { recursive: true });
  const hostModule = await loadSweepHost();
  const { server, port } = await startSweepServer();
  const browser = await launchBrowser();
  let failed = false;
  try {
    for (const scene of SCENES) {
      if (args.only && !args.only.has(scene.name)) continue;
      const rec = await hostModule.record(scene.scenario);
      const origin = hostModule.ORIGINS[scene.scenario];
      const script = scene.script(rec, origin);
      const onCancel = scene.cancel ? { type: 'sweep', result: rec.cancelled, origin, running: false } : null;
      const panel = await openSweepPanel(browser, `http://127.0.0.1:${port}`, hostModule, { theme: scene.theme, width: scene.width ?? 1280, script, onCancel });
      const checks = [];
      try {
        const last = script.at(-1);
        await waitForSweep(panel, { done: last.result.done, running: last.running });
        const target = scene.act ? await scene.act(panel, checks, rec, args.out) : null;
        const path = join(args.out, `${scene.name}.png`);
        if (target) await target.screenshot({ path });
        else {
          await panel.page.screenshot({ path, fullPage: true });
          // A long page shrinks to illegible when viewed whole: the first screen at full size too.
          const tall = await panel.page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 1.3);
          if (tall) await panel.page.screenshot({ path: join(args.out, `${scene.name}-top.png`) });
        }
        checks.unshift(`screenshot ${path}`);
      } catch (error) {
        checks.push(`FAIL ${error instanceof Error ? error.stack : String(error)}`);
      }
      for (const problem of panel.problems) checks.push(`FAIL ${problem}`);
      for (const invalid of panel.host.invalid) checks.push(`FAIL invalid message from the webview: ${invalid}`);
      console.log(`\n${scene.name} (${scene.scenario}, ${scene.theme}, ${scene.width ?? 1280}px; engine run ${rec.ms} ms)`);
      for (const c of checks) console.log(`  ${c}`);
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
