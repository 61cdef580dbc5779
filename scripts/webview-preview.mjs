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

import { openSimulationPanel, runPreview, waitForResults } from './preview/harness.mjs';
import { SHOTS } from './preview/shots.mjs';

await runPreview({
  script: 'scripts/webview-preview.mjs',
  out: '.cache/screenshots',
  noun: 'shot',
  scenes: SHOTS,
  host: 'scripts/preview/host.ts',
  bundle: 'webview',
  title: 'Init Lens',
  topOfTall: false,
  async stage(shot, { browser, baseUrl, hostModule, out }) {
    const panel = await openSimulationPanel(browser, baseUrl, hostModule, shot);
    return {
      panel,
      heading: `${shot.name} (${shot.theme}, ${shot.width ?? 1280}px)`,
      ready: () => waitForResults(panel, shot.results),
      act: shot.act && ((checks) => shot.act(panel, checks, out)),
    };
  },
});
