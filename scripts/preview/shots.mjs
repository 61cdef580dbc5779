// What the preview renders and checks: each shot is a scenario (see host.ts) in a theme and
// viewport, with an optional interaction that records checks ("FAIL …" fails the run) and returns
// the element to photograph (null: the full page).

import { join } from 'node:path';
import { redrawnOnThemeChange, saveExports, waitForResults } from './harness.mjs';

/** Each shot: a scenario in a theme and viewport, optional interaction, a screenshot and checks. */
export const SHOTS = [
  { name: 'cs231n-dark', scenario: 'cs231n', theme: 'dark', results: 2 },
  { name: 'cs231n-light', scenario: 'cs231n', theme: 'light', results: 2 },
  { name: 'he-deep-light-narrow', scenario: 'he-deep', theme: 'light', width: 320, results: 1 },
  { name: 'stack-dark', scenario: 'stack', theme: 'dark', width: 900, results: 1 },
  {
    name: 'table-and-focus-dark',
    scenario: 'stack',
    theme: 'dark',
    width: 900,
    results: 1,
    async act(panel, checks) {
      // A small multiple chosen by keyboard moves the slider (and focus) to its layer.
      await panel.page.locator('.multiple').nth(2).focus();
      await panel.page.keyboard.press('Enter');
      const value = await panel.page.locator('.layer-slider').inputValue();
      const focused = await panel.page.evaluate(() => document.activeElement?.className);
      checks.push(value === '3' && focused === 'layer-slider' ? 'small multiple L3 by keyboard: slider at 3 and focused' : `FAIL slider ${value}, focus on ${focused}`);
      await panel.page.locator('vscode-collapsible').click();
      await panel.page.waitForTimeout(200);
      const rows = await panel.page.locator('.layer-table tbody tr').count();
      checks.push(rows === 3 ? 'per-layer table: 3 rows' : `FAIL per-layer table has ${rows} rows`);
      await panel.page.locator('.layer-table').scrollIntoViewIfNeeded();
      await panel.page.keyboard.press('Shift+Tab');
      return panel.page.locator('body');
    },
  },
  { name: 'exploding-high-contrast', scenario: 'exploding', theme: 'high-contrast', results: 1 },
  { name: 'zeros-light', scenario: 'zeros', theme: 'light', width: 900, results: 1 },
  {
    name: 'progress-dark',
    scenario: 'he-deep',
    theme: 'dark',
    results: 1,
    drawDelayMs: 400,
    async act(panel, checks, out) {
      // A wider net, with the host pausing between draws, so the progress bar is on screen next to the old result.
      const width = panel.page.locator('[data-field=width] input');
      await width.fill('512');
      await width.press('Enter');
      const start = Date.now();
      while (!panel.host.received.some((m) => m.type === 'run' && m.setup.network.layers[0].fanOut === 512)) {
        if (Date.now() - start > 10_000) throw new Error('no run for width 512');
        await panel.page.waitForTimeout(50);
      }
      await panel.page.locator('.progress:not([hidden])').waitFor({ timeout: 60_000 });
      await panel.page.waitForFunction(() => /layer steps/.test(document.querySelector('.progress-text')?.textContent ?? ''), null, { timeout: 60_000 });
      const text = await panel.page.locator('.progress-text').textContent();
      checks.push(`progress shown: "${text}"`);
      const badges = await panel.page.locator('.verdict .badge').count();
      checks.push(badges > 0 ? 'the previous verdict stays on screen while running' : 'FAIL verdict cleared while running');
      const shot = panel.page.locator('body');
      await panel.page.screenshot({ path: join(out, 'progress-dark-running.png'), clip: { x: 0, y: 0, width: 1280, height: 700 } });
      await waitForResults(panel, 2);
      return shot;
    },
  },
  {
    name: 'sigmoid-keyboard-dark',
    scenario: 'sigmoid',
    theme: 'dark',
    results: 2,
    async act(panel, checks) {
      const slider = panel.page.locator('.layer-slider');
      await slider.focus();
      for (let i = 0; i < 5; i++) await panel.page.keyboard.press('ArrowRight');
      const value = await slider.inputValue();
      checks.push(value === '6' ? 'slider: ArrowRight ×5 from layer 1 → 6' : `FAIL slider value ${value}, expected 6`);
      await panel.page.keyboard.press('End');
      const end = await slider.inputValue();
      checks.push(end === '20' ? 'slider: End → layer 20' : `FAIL slider End gave ${end}`);
      await panel.page.keyboard.press('Home');
      for (let i = 0; i < 9; i++) await panel.page.keyboard.press('ArrowRight');
      const heading = await panel.page.locator('.histogram-large h4').first().textContent();
      checks.push(heading?.includes('layer 10') ? `large histogram follows: "${heading}"` : `FAIL large histogram heading "${heading}"`);
      await panel.page.waitForTimeout(200);
      return panel.page.locator('.histograms');
    },
  },
  {
    name: 'invalid-dark',
    scenario: 'cs231n',
    theme: 'dark',
    results: 2,
    async act(panel, checks) {
      const runsBefore = panel.host.received.filter((m) => m.type === 'run').length;
      const depth = panel.page.locator('[data-field=depth] input');
      await depth.fill('0');
      await depth.press('Enter');
      const width = panel.page.locator('[data-field=width] input');
      await width.fill('70000');
      await width.press('Enter');
      await panel.page.waitForTimeout(300);
      const runsAfter = panel.host.received.filter((m) => m.type === 'run').length;
      checks.push(runsAfter === runsBefore ? 'invalid depth/width: no run posted' : `FAIL a run was posted for invalid input (${runsBefore} → ${runsAfter})`);
      const text = await panel.page.locator('.problems').textContent();
      checks.push(text?.includes('Depth must be an integer from 1 to 10000') && text.includes('Width must be an integer from 1 to 65536') ? `problems shown: "${text}"` : `FAIL problems text "${text}"`);
      return null;
    },
  },
  {
    name: 'change-runs-dark',
    scenario: 'cs231n',
    theme: 'dark',
    results: 2,
    async act(panel, checks) {
      // Depth 10 → 30 through the field: one run, with the compare overlay following the new shape.
      const depth = panel.page.locator('[data-field=depth] input');
      await depth.fill('30');
      await depth.press('Enter');
      await waitForResults(panel, 4);
      const runs = panel.host.received.filter((m) => m.type === 'run');
      const last = runs.at(-1);
      const ok = last && last.setup.network.layers.length === 30 && last.compare?.network.layers.length === 30 && last.compare.network.layers[0].init.scheme === 'xavier_normal';
      checks.push(ok ? 'depth 30: run posted with main and compare at 30 layers (compare Xavier normal)' : `FAIL last run ${JSON.stringify(last?.setup.network.layers.length)}`);
      const title = await panel.page.locator('h1.title').textContent();
      checks.push(title === 'Normal (std 0.01) · tanh · 30×500' ? `title: ${title}` : `FAIL title ${title}`);
      return null;
    },
  },
  {
    name: 'mean-field-engine-dark',
    scenario: 'he-deep',
    theme: 'dark',
    results: 1,
    async act(panel, checks) {
      // The engine picker by keyboard: focus it, open it, down to the last option, choose it.
      const engine = panel.page.locator('[data-field=engine]');
      await engine.focus();
      await panel.page.keyboard.press('Enter');
      for (let i = 0; i < 3; i++) await panel.page.keyboard.press('ArrowDown');
      await panel.page.keyboard.press('Enter');
      await waitForResults(panel, 2);
      const last = panel.host.received.filter((m) => m.type === 'run').at(-1);
      checks.push(last?.setup.options.engine === 'mean-field' ? 'engine picked by keyboard: mean-field run posted' : `FAIL last run engine ${last?.setup.options.engine}`);
      const text = await panel.page.locator('.histograms .placeholder').first().textContent();
      checks.push(text?.includes('mean-field') ? `histograms explain: "${text}"` : `FAIL histogram placeholder "${text}"`);
      return null;
    },
  },
  {
    name: 'theme-switch-dark-to-light',
    scenario: 'cs231n',
    theme: 'dark',
    results: 2,
    async act(panel, checks) {
      const background = () => panel.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const backgroundBefore = await background();
      const redrawn = await redrawnOnThemeChange(panel.page, '.chart-card canvas');
      checks.push(redrawn ? 'charts redrawn on theme change' : 'FAIL first chart unchanged after theme switch');
      checks.push(`page background ${backgroundBefore} → ${await background()}`);
      return null;
    },
  },
  {
    name: 'restored-before-host-answers',
    scenario: 'cs231n',
    theme: 'dark',
    results: 2,
    async act(panel, checks) {
      await panel.reload(false);
      await panel.page.waitForTimeout(600);
      const badges = await panel.page.locator('.verdict .badge').count();
      const charts = await panel.page.locator('.chart-card canvas').count();
      checks.push(badges > 0 && charts > 0 ? `restored from setState before any 'setup': ${badges} badges, ${charts} charts` : 'FAIL nothing restored after reload');
      const received = panel.host.received.map((m) => m.type);
      checks.push(received.join() === 'ready' ? "after reload the webview only said 'ready'" : `FAIL after reload the webview sent ${received.join()}`);
      return null;
    },
  },
  {
    name: 'exports-dark',
    scenario: 'cs231n',
    theme: 'dark',
    results: 2,
    async act(panel, checks, out) {
      await saveExports(panel, checks, out);
      const csv = panel.host.exports.find((e) => e.format === 'csv')?.data.split('\n') ?? [];
      checks.push(csv.length === 12 ? `CSV: header + 10 layer rows; columns: ${csv[0]}` : `FAIL CSV has ${csv.length} lines`);
      const status = await panel.page.locator('.status-message').textContent();
      checks.push(status?.startsWith('Saved') ? `notice shown: "${status}"` : `FAIL notice "${status}"`);
      return null;
    },
  },
];

