#!/usr/bin/env node
// Renders the real review panel bundle (dist/reviewView.js + dist/reviewView.css) in headless
// Chromium under the panel's CSP, fed by reports the real review library computes over temp git
// repositories (scripts/preview/reviewHost.ts): dark, light and high contrast, at 320 px, while
// running, failed, empty, by keyboard, exported, restored and re-themed. Fails on any failed
// check, console error or warning, page error, CSP violation or invalid message.
//
//   node scripts/review-preview.mjs [--out DIR] [--no-build] [--only scene,scene]
//
// DIR defaults to .cache/review-screenshots (git-ignored). The exports land in DIR/exports.

import { check, openPanel, received, redrawnOnThemeChange, runPreview, saveExports, settle } from './preview/harness.mjs';

async function waitForRows(panel, rows) {
  await panel.page.waitForFunction((n) => document.getElementById('app')?.dataset.rows === String(n), rows, { timeout: 20_000 });
  await settle(panel.page);
}

const review = (view) => [{ type: 'progress', message: 'Simulating 3 of 7 networks…' }, { type: 'review', report: view }];

const SCENES = [
  {
    name: 'mixed-dark',
    scenario: 'mixed',
    theme: 'dark',
    async act(panel, checks, view) {
      const { page } = panel;
      const app = await page.locator('#app').evaluate((e) => ({ ...e.dataset }));
      check(checks, app.rows === String(view.sites.length) && app.chartsDrawn === '1', `data-rows=${app.rows} data-charts-drawn=${app.chartsDrawn} data-selected=${app.selected}`, `dataset ${JSON.stringify(app)}`);
      const rendered = panel.host.received.filter((m) => m.type === 'rendered').at(-1);
      check(checks, rendered?.rows === view.sites.length && rendered.charts === 1, `rendered message ${JSON.stringify(rendered)}`, `rendered ${JSON.stringify(rendered)}`);
      const firstRegressed = view.sites.findIndex((s) => s.regressed);
      check(checks, app.selected === String(firstRegressed), `first regressed site selected (${firstRegressed})`, `selected ${app.selected}`);
      // Keyboard: focus the selected row, ↑ to the previous one (its chart shown), Enter reveals it.
      await page.locator('tr.site-row.selected').focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      const selected = await page.locator('#app').getAttribute('data-selected');
      check(checks, selected === '1', 'Home, ↓ selected row 1', `selected ${selected}`);
      const before = panel.host.received.filter((m) => m.type === 'reveal').length;
      await page.keyboard.press('Enter');
      const reveal = await received(panel, 'reveal', before);
      check(checks, reveal?.site === 1, `Enter posted reveal ${JSON.stringify(reveal)}`, `reveal ${JSON.stringify(reveal)}`);
      const drawnSite = await page.locator('.review-chart .chart-box').getAttribute('data-site');
      check(checks, drawnSite === '1', 'the chart shows row 1', `chart shows ${drawnSite}`);
      const before2 = panel.host.received.filter((m) => m.type === 'reveal').length;
      await page.locator('tr.site-row').nth(0).click();
      const click = await received(panel, 'reveal', before2);
      check(checks, click?.site === 0, 'click on row 0 posted reveal 0', `click ${JSON.stringify(click)}`);
      await page.locator('tr.site-row').nth(firstRegressed).click();
      await page.mouse.move(0, 0);
      await settle(page);
      return null;
    },
  },
  { name: 'mixed-light', scenario: 'mixed', theme: 'light' },
  { name: 'mixed-high-contrast', scenario: 'mixed', theme: 'high-contrast' },
  { name: 'mixed-narrow-dark', scenario: 'mixed', theme: 'dark', width: 320 },
  { name: 'mixed-narrow-light', scenario: 'mixed', theme: 'light', width: 320 },
  {
    name: 'chart-keyboard-dark',
    scenario: 'single',
    theme: 'dark',
    width: 700,
    async act(panel, checks) {
      const canvas = panel.page.locator('.review-chart canvas');
      await canvas.focus();
      for (const key of ['Home', 'ArrowRight', 'ArrowRight']) await panel.page.keyboard.press(key);
      await settle(panel.page);
      const label = await canvas.getAttribute('aria-label');
      check(checks, /^Forward std per layer, log scale\. Before/.test(label ?? ''), `aria-label: ${label}`, `aria-label ${label}`);
      return panel.page.locator('.site-detail');
    },
  },
  { name: 'empty-dark', scenario: 'empty', theme: 'dark', width: 700 },
  {
    name: 'running-dark',
    scenario: 'single',
    theme: 'dark',
    width: 700,
    script: () => [{ type: 'progress', message: 'Simulating 1 of 2 networks…' }],
    rows: null,
    async act(panel, checks) {
      await panel.page.waitForSelector('.review-header .progress:not([hidden])');
      const text = await panel.page.locator('.review-header .progress-text').textContent();
      check(checks, text === 'Simulating 1 of 2 networks…', `progress "${text}"`, `progress "${text}"`);
      return null;
    },
  },
  {
    name: 'error-dark',
    scenario: 'single',
    theme: 'dark',
    width: 700,
    async act(panel, checks) {
      await panel.send({ type: 'error', message: 'unknown base ref "nope": not a branch, tag or commit in this repository (the repository at /home/me/project)' });
      await settle(panel.page);
      const text = await panel.page.locator('.status-message').textContent();
      check(checks, text?.startsWith('unknown base ref "nope"'), 'the error is in the status line, the last report stays', `status "${text}"`);
      return null;
    },
  },
  {
    name: 'exports-dark',
    scenario: 'mixed',
    theme: 'dark',
    async act(panel, checks, view, out) {
      await saveExports(panel, checks, out);
      const names = panel.host.exports.map((e) => e.fileName).sort();
      check(checks, names.join() === 'init-lens-review-main-working-tree.csv,init-lens-review-main-working-tree.json,init-lens-review-main-working-tree.png', `file names ${names.join(', ')}`, `file names ${names.join(', ')}`);
      const json = JSON.parse(panel.host.exports.find((e) => e.format === 'json')?.data ?? 'null');
      check(checks, json?.sites?.length === view.sites.length, 'JSON: the report view', 'JSON is not the report');
      return null;
    },
  },
  {
    name: 'restored-before-host-answers',
    scenario: 'mixed',
    theme: 'dark',
    async act(panel, checks, view) {
      await panel.reload(false);
      await panel.page.waitForTimeout(800);
      const rows = await panel.page.locator('#app').getAttribute('data-rows');
      check(checks, rows === String(view.sites.length), `restored from setState before any message: ${rows} rows`, `restored rows ${rows}`);
      const sent = [...new Set(panel.host.received.map((m) => m.type))].sort().join();
      check(checks, sent === 'ready,rendered', `after reload the webview sent ${sent}`, `after reload it sent ${sent}`);
      return null;
    },
  },
  {
    name: 'theme-switch-dark-to-light',
    scenario: 'single',
    theme: 'dark',
    width: 700,
    async act(panel, checks) {
      check(checks, await redrawnOnThemeChange(panel.page, '.review-chart canvas'), 'chart redrawn on theme change', 'chart unchanged after the theme switch');
      return null;
    },
  },
];

await runPreview({
  script: 'scripts/review-preview.mjs',
  out: '.cache/review-screenshots',
  noun: 'scene',
  scenes: SCENES,
  host: 'scripts/preview/reviewHost.ts',
  bundle: 'reviewView',
  title: 'Init Lens review',
  async stage(scene, { browser, baseUrl, hostModule, out }) {
    const { view, ms } = await hostModule.record(scene.scenario);
    const script = scene.script ? scene.script(view) : review(view);
    const width = scene.width ?? 1280;
    const siteCount = view.sites.length;
    const makeHost = (answer, send) => new hostModule.ReviewPreviewHost(script, send, siteCount, answer);
    const panel = await openPanel(browser, baseUrl, { bridge: '__reviewToHost', makeHost, theme: scene.theme, width });
    return {
      panel,
      heading: `${scene.name} (${scene.scenario}, ${scene.theme}, ${width}px; review ${ms} ms)`,
      ready: async () => {
        if (scene.rows !== null) await waitForRows(panel, siteCount);
      },
      act: scene.act && ((checks) => scene.act(panel, checks, view, out)),
    };
  },
});
