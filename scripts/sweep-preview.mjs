#!/usr/bin/env node
// Renders the real sweep panel bundle (dist/sweepView.js + dist/sweepView.css) in headless
// Chromium under the panel's CSP, fed by sweeps the real engine computes at small sizes
// (scripts/preview/sweepHost.ts): each of the 4 kinds in dark, light and high contrast, at 320 px,
// running, cancelled, by keyboard, exported, restored and re-themed (scripts/preview/sweepShots.mjs).
// Fails on any failed check, console error or warning, page error, CSP violation or invalid message.
//
//   node scripts/sweep-preview.mjs [--out DIR] [--no-build] [--only scene,scene]
//
// DIR defaults to .cache/sweep-screenshots (git-ignored). The exports land in DIR/exports.

import { runPreview } from './preview/harness.mjs';
import { openSweepPanel, waitForSweep } from './preview/sweepHarness.mjs';
import { SCENES } from './preview/sweepShots.mjs';

await runPreview({
  script: 'scripts/sweep-preview.mjs',
  out: '.cache/sweep-screenshots',
  noun: 'scene',
  scenes: SCENES,
  host: 'scripts/preview/sweepHost.ts',
  bundle: 'sweepView',
  title: 'Init Lens sweep',
  async stage(scene, { browser, baseUrl, hostModule, out }) {
    const rec = await hostModule.record(scene.scenario);
    const origin = hostModule.ORIGINS[scene.scenario];
    const script = scene.script(rec, origin);
    const onCancel = scene.cancel ? { type: 'sweep', result: rec.cancelled, origin, running: false } : null;
    const width = scene.width ?? 1280;
    const panel = await openSweepPanel(browser, baseUrl, hostModule, { theme: scene.theme, width, script, onCancel });
    const last = script.at(-1);
    return {
      panel,
      heading: `${scene.name} (${scene.scenario}, ${scene.theme}, ${width}px; engine run ${rec.ms} ms)`,
      ready: () => waitForSweep(panel, { done: last.result.done, running: last.running }),
      act: scene.act && ((checks) => scene.act(panel, checks, rec, out)),
    };
  },
});
