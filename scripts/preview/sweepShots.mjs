// What the sweep preview renders and checks: each scene is a recorded sweep (sweepHost.ts) replayed
// as a message script, in a theme and viewport, with an optional interaction that records checks
// ("FAIL …" fails the run) and returns the element to photograph (null: the full page).

import { join } from 'node:path';
import { check, received, redrawnOnThemeChange, saveExports } from './harness.mjs';
import { waitForSweep } from './sweepHarness.mjs';

const message = (rec, origin, result, running) => ({ type: 'sweep', result, origin, running });

/** A few partial snapshots while running, then the final result: the host's real rhythm, shortened. */
export function streamed(rec, origin) {
  const step = Math.max(1, Math.floor(rec.partials.length / 6));
  const partials = rec.partials.filter((_, i) => i % step === 0).map((r) => message(rec, origin, r, true));
  return [...partials, message(rec, origin, rec.final, false)];
}

export const final = (rec, origin) => [message(rec, origin, rec.final, false)];

/** Stopped about a third of the way: partials, then what is shown while the engine still runs. */
export const running = (rec, origin) => {
  const at = Math.max(0, Math.floor(rec.partials.length / 3) - 1);
  return [rec.partials[0], rec.partials[Math.floor(at / 2)], rec.partials[at]].map((r) => message(rec, origin, r, true));
};

export const cancelled = (rec, origin) => [...running(rec, origin), message(rec, origin, rec.cancelled, false)];

async function attribute(page, selector, name) {
  return page.locator(selector).first().getAttribute(name);
}

async function heatmapChecks(panel, checks, rec) {
  const total = rec.final.request.schemes.length * rec.final.request.activations.length;
  for (const direction of ['forward', 'backward']) {
    const box = `.heatmap-box[data-direction=${direction}]`;
    const drawn = Number(await attribute(panel.page, box, 'data-cells-drawn'));
    const aligned = await attribute(panel.page, box, 'data-aligned');
    check(checks, drawn === rec.final.cells.length && drawn === total, `${direction} heatmap: data-cells-drawn=${drawn} of ${total}`, `${direction} heatmap drew ${drawn} cells, expected ${total}`);
    check(checks, aligned === 'true', `${direction} heatmap: cells aligned with chart.js' category axes`, `${direction} heatmap cells not aligned with the axes`);
  }
}

/** Clicks the centre of heatmap cell (col, row) and returns the openCell the host received. */
async function clickCell(panel, direction, col, row, columns, rows) {
  const box = panel.page.locator(`.heatmap-box[data-direction=${direction}]`);
  const [left, top, right, bottom] = (await box.getAttribute('data-area')).split(',').map(Number);
  const before = panel.host.received.filter((m) => m.type === 'openCell').length;
  await box.locator('canvas').click({ position: { x: left + ((col + 0.5) * (right - left)) / columns, y: top + ((row + 0.5) * (bottom - top)) / rows } });
  return received(panel, 'openCell', before);
}

export const SCENES = [
  {
    name: 'schemes-dark',
    scenario: 'schemes',
    theme: 'dark',
    script: streamed,
    async act(panel, checks, rec) {
      await heatmapChecks(panel, checks, rec);
      const req = rec.final.request;
      const col = req.schemes.findIndex((s) => s.id === 'he_normal');
      const row = req.activations.findIndex((a) => a.name === 'relu');
      const open = await clickCell(panel, 'backward', col, row, req.schemes.length, req.activations.length);
      check(checks, open?.scheme === 'he_normal' && open.activation === 'relu', `click on He normal × relu posted ${JSON.stringify(open)}`, `click posted ${JSON.stringify(open)}`);
      const rows = await panel.page.locator('.scheme-table tbody tr').count();
      check(checks, rows === rec.final.cells.length, `table: ${rows} rows`, `table has ${rows} rows`);
      const title = await panel.page.locator('h1.title').textContent();
      checks.push(`title: ${title}`);
      check(checks, (await panel.page.locator('.sweep-header vscode-button', { hasText: 'Go to line' }).count()) === 0, 'free-standing: no Go to line', 'Go to line shown for a free-standing sweep');
      return null;
    },
  },
  { name: 'schemes-light', scenario: 'schemes', theme: 'light', script: final },
  { name: 'schemes-high-contrast', scenario: 'schemes', theme: 'high-contrast', script: final },
  { name: 'schemes-narrow-dark', scenario: 'schemes', theme: 'dark', width: 320, script: final },
  {
    name: 'schemes-running-dark',
    scenario: 'schemes',
    theme: 'dark',
    script: running,
    cancel: true,
    async act(panel, checks, rec, out) {
      const drawn = Number(await attribute(panel.page, '.heatmap-box[data-direction=forward]', 'data-cells-drawn'));
      const total = Number(await attribute(panel.page, '.heatmap-box[data-direction=forward]', 'data-cells-total'));
      check(checks, drawn > 0 && drawn < total, `partial heatmap: ${drawn} of ${total} cells drawn, the rest pending`, `partial heatmap drew ${drawn}/${total}`);
      const state = await panel.page.locator('.sweep-state').textContent();
      check(checks, /^Running: \d+ \/ \d+/.test(state ?? ''), `progress: "${state}"`, `progress text "${state}"`);
      await panel.page.screenshot({ path: join(out, 'schemes-running-dark-before-cancel.png') });
      const before = panel.host.received.filter((m) => m.type === 'cancel').length;
      await panel.page.locator('vscode-button', { hasText: 'Cancel' }).click();
      check(checks, (await received(panel, 'cancel', before)) !== null, 'Cancel posted cancel', 'no cancel message after Cancel');
      await waitForSweep(panel, { done: rec.cancelled.done, running: false });
      const after = await panel.page.locator('.sweep-state').textContent();
      check(checks, /^Cancelled: showing \d+ of 144 cells/.test(after ?? ''), `after cancel: "${after}"`, `after cancel "${after}"`);
      check(checks, await panel.page.locator('vscode-button', { hasText: 'Cancel' }).isHidden(), 'Cancel button hidden once stopped', 'Cancel still shown');
      return null;
    },
  },
  {
    name: 'schemes-table-keyboard-dark',
    scenario: 'schemes',
    theme: 'dark',
    width: 900,
    script: final,
    async act(panel, checks) {
      const page = panel.page;
      await page.locator('.sort-button', { hasText: 'Forward ratio' }).click();
      const sort = await page.locator('th', { hasText: 'Forward ratio' }).getAttribute('aria-sort');
      check(checks, sort === 'ascending', 'Forward ratio header: aria-sort=ascending', `aria-sort ${sort}`);
      await page.keyboard.press('Enter');
      const sort2 = await page.locator('th', { hasText: 'Forward ratio' }).getAttribute('aria-sort');
      check(checks, sort2 === 'descending', 'Enter on the focused header: aria-sort=descending', `aria-sort after Enter ${sort2}`);
      const values = await page.locator('.scheme-table tbody tr td:nth-child(3)').allTextContents();
      checks.push(`descending forward ratios start ${values.slice(0, 3).join(', ')} and end ${values.slice(-3).join(', ')}`);
      await page.locator('.scheme-table tbody tr').first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const second = await page.evaluate(() => {
        const row = document.activeElement;
        return row?.tagName === 'TR' ? [row.children[0].textContent, row.children[1].textContent] : null;
      });
      const before = panel.host.received.filter((m) => m.type === 'openCell').length;
      await page.keyboard.press('Enter');
      const open = await received(panel, 'openCell', before);
      check(checks, second !== null && open?.activation === second[1], `row 3 by keyboard (${second?.join(' × ')}) posted ${JSON.stringify(open)}`, `Enter on row ${JSON.stringify(second)} posted ${JSON.stringify(open)}`);
      // The heatmap by keyboard: focus, arrows, Enter.
      await page.locator('.heatmap-box[data-direction=forward] canvas').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      const before2 = panel.host.received.filter((m) => m.type === 'openCell').length;
      await page.keyboard.press('Enter');
      const open2 = await received(panel, 'openCell', before2);
      check(checks, open2?.scheme === 'normal_0.01', `heatmap by keyboard (column 2, row 2) posted ${JSON.stringify(open2)}`, `heatmap keyboard posted ${JSON.stringify(open2)}`);
      return page.locator('.heatmap-pair');
    },
  },
  {
    name: 'gain-dark',
    scenario: 'gain',
    theme: 'dark',
    script: streamed,
    async act(panel, checks, rec) {
      const page = panel.page;
      const box = '.chart-box[data-chart=gain]';
      const critical = await attribute(page, box, 'data-critical-gain');
      const points = await attribute(page, box, 'data-points');
      check(checks, Math.abs(Number(critical) - Math.SQRT2) < 1e-6, `data-critical-gain=${critical}`, `data-critical-gain ${critical}`);
      check(checks, Number(points) === rec.final.points.length, `data-points=${points}`, `data-points ${points}`);
      checks.push(`χ₁ chart data-points=${await attribute(page, '.chart-box[data-chart=chi1]', 'data-points')}`);
      const canvas = page.locator(`${box} canvas`);
      await canvas.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      const before = panel.host.received.filter((m) => m.type === 'openPoint').length;
      await page.keyboard.press('Enter');
      const open = await received(panel, 'openPoint', before);
      check(checks, open?.value === rec.final.points[2].gain, `keyboard: Home, →, →, Enter posted openPoint ${open?.value}`, `keyboard posted ${JSON.stringify(open)}`);
      const size = await canvas.boundingBox();
      const before2 = panel.host.received.filter((m) => m.type === 'openPoint').length;
      await canvas.click({ position: { x: size.width * 0.55, y: size.height * 0.4 } });
      const click = await received(panel, 'openPoint', before2);
      check(checks, click !== null && rec.final.points.some((p) => p.gain === click.value), `click posted openPoint ${click?.value}`, `click posted ${JSON.stringify(click)}`);
      const reveal = panel.host.received.filter((m) => m.type === 'reveal').length;
      await page.locator('vscode-button', { hasText: 'Go to line' }).click();
      check(checks, (await received(panel, 'reveal', reveal)) !== null, 'Go to line posted reveal', 'no reveal');
      await page.mouse.move(0, 0);
      await page.locator('body').press('Tab');
      return null;
    },
  },
  { name: 'gain-light', scenario: 'gain', theme: 'light', script: final },
  { name: 'gain-high-contrast', scenario: 'gain', theme: 'high-contrast', script: final },
  { name: 'gain-narrow-light', scenario: 'gain', theme: 'light', width: 320, script: final },
  { name: 'gain-running-dark', scenario: 'gain', theme: 'dark', script: running },
  {
    name: 'depth-dark',
    scenario: 'depth',
    theme: 'dark',
    script: streamed,
    async act(panel, checks, rec) {
      const scale = await attribute(panel.page, '.chart-box[data-chart=depth]', 'data-depth-scale');
      check(checks, Number(scale) === rec.final.depthScale, `data-depth-scale=${scale}`, `data-depth-scale ${scale}`);
      checks.push(`data-points=${await attribute(panel.page, '.chart-box[data-chart=depth]', 'data-points')}`);
      return null;
    },
  },
  { name: 'depth-light', scenario: 'depth', theme: 'light', script: final },
  { name: 'depth-narrow-high-contrast', scenario: 'depth', theme: 'high-contrast', width: 320, script: final },
  {
    name: 'depth-cancelled-dark',
    scenario: 'depth',
    theme: 'dark',
    script: cancelled,
    async act(panel, checks) {
      const state = await panel.page.locator('.sweep-state').textContent();
      check(checks, /^Cancelled: showing \d+ of \d+ depths/.test(state ?? ''), `"${state}"`, `state "${state}"`);
      return null;
    },
  },
  { name: 'width-dark', scenario: 'width', theme: 'dark', script: streamed },
  { name: 'width-light', scenario: 'width', theme: 'light', script: final },
  { name: 'width-high-contrast', scenario: 'width', theme: 'high-contrast', script: final },
  { name: 'width-narrow-dark', scenario: 'width', theme: 'dark', width: 320, script: final },
  {
    name: 'exports-gain-dark',
    scenario: 'gain',
    theme: 'dark',
    script: final,
    async act(panel, checks, rec, out) {
      await saveExports(panel, checks, out);
      const names = panel.host.exports.map((e) => e.fileName).sort();
      check(checks, names.join() === 'init-lens-sweep-gain-relu-30x64.csv,init-lens-sweep-gain-relu-30x64.json,init-lens-sweep-gain-relu-30x64.png', `file names ${names.join(', ')}`, `file names ${names.join(', ')}`);
      const csv = panel.host.exports.find((e) => e.format === 'csv')?.data.trim().split('\n') ?? [];
      check(checks, csv.length === rec.final.points.length + 1, `CSV: header + ${csv.length - 1} rows; columns: ${csv[0]}`, `CSV has ${csv.length} lines`);
      const json = JSON.parse(panel.host.exports.find((e) => e.format === 'json')?.data ?? 'null');
      check(checks, json?.kind === 'gain' && json.points.length === rec.final.points.length, 'JSON: the SweepResult', 'JSON is not the result');
      check(checks, panel.host.invalid.length === 0, 'every message passed validateFromSweepPanel', `invalid messages: ${panel.host.invalid.join('; ')}`);
      return null;
    },
  },
  {
    name: 'restored-before-host-answers',
    scenario: 'schemes',
    theme: 'dark',
    script: final,
    async act(panel, checks, rec) {
      await panel.reload(false);
      await panel.page.waitForTimeout(800);
      const drawn = Number(await attribute(panel.page, '.heatmap-box[data-direction=forward]', 'data-cells-drawn'));
      check(checks, drawn === rec.final.cells.length, `restored from setState before any message: ${drawn} cells drawn`, `restored drew ${drawn}`);
      // 'rendered' reports the restored drawing; nothing else may go out before the host answers.
      const sent = panel.host.received.map((m) => m.type).filter((t) => t !== 'rendered');
      check(checks, sent.join() === 'ready', "after reload the webview only said 'ready' (and what it drew)", `after reload it sent ${sent.join()}`);
      return null;
    },
  },
  {
    name: 'theme-switch-dark-to-light',
    scenario: 'schemes',
    theme: 'dark',
    script: final,
    async act(panel, checks) {
      check(checks, await redrawnOnThemeChange(panel.page, '.heatmap-box canvas'), 'heatmap redrawn on theme change', 'heatmap unchanged after the theme switch');
      return null;
    },
  },
  {
    name: 'error-dark',
    scenario: 'width',
    theme: 'dark',
    width: 700,
    script: final,
    async act(panel, checks) {
      await panel.send({ type: 'error', message: 'the worker pool crashed (preview)' });
      await panel.page.waitForTimeout(200);
      const text = await panel.page.locator('.status-message').textContent();
      check(checks, text === 'The sweep failed: the worker pool crashed (preview)', `status line: "${text}"`, `status line "${text}"`);
      return null;
    },
  },
];
