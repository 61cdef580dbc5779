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

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { launchBrowser, root, setTheme } from './preview/harness.mjs';
import { THEMES, themeCss } from './preview/themes.mjs';

async function loadHost() {
  const outfile = join(root, '.cache', 'preview', 'reviewHost.cjs');
  await build({ entryPoints: [join(root, 'scripts/preview/reviewHost.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

const FILES = new Set(['/dist/reviewView.js', '/dist/reviewView.css']);

function startServer() {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = `http://${request.headers.host}`;
    const send = (type, body) => {
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/') {
      const theme = url.searchParams.get('theme') ?? 'dark';
      const nonce = randomBytes(16).toString('base64');
      // As panelHtml.ts: no 'unsafe-inline' for styles or scripts, no eval.
      const csp = `default-src 'none'; img-src ${origin} data:; style-src ${origin}; script-src 'nonce-${nonce}'; font-src ${origin}`;
      send(
        'text/html; charset=utf-8',
        `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/theme/${theme}.css">
<link rel="stylesheet" href="/dist/reviewView.css">
<title>Init Lens review</title>
</head>
<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass}">
<div id="app"></div>
<script nonce="${nonce}" src="/dist/reviewView.js"></script>
</body>
</html>`,
      );
    } else if (url.pathname.startsWith('/theme/')) send('text/css', themeCss(url.pathname.slice('/theme/'.length).replace(/\.css$/, '')));
    else if (FILES.has(url.pathname)) send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(root, url.pathname)));
    else {
      response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404);
      response.end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, port: server.address().port })));
}

/** acquireVsCodeApi as VS Code provides it: once per page, postMessage to the host, state kept across reloads. */
const STUB = () => {
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (message) => void window.__reviewToHost(JSON.parse(JSON.stringify(message))),
      getState: () => {
        const text = sessionStorage.getItem('vscode-state');
        return text ? JSON.parse(text) : undefined;
      },
      setState: (state) => sessionStorage.setItem('vscode-state', JSON.stringify(state)),
    };
  };
  document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`));
};

async function openPanel(browser, baseUrl, hostModule, { theme, width, height = 900, script, siteCount }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const sendToPage = (message) => page.evaluate((m) => window.postMessage(m, '*'), message).catch(() => {});
  const panel = { page, context, problems, host: null, send: sendToPage };
  panel.host = new hostModule.ReviewPreviewHost(script, sendToPage, siteCount, true);
  await page.exposeFunction('__reviewToHost', (message) => panel.host.receive(message));
  await page.addInitScript(STUB);
  await page.goto(`${baseUrl}/?theme=${theme}`);
  panel.reload = async (answer) => {
    panel.host = new hostModule.ReviewPreviewHost(script, sendToPage, siteCount, answer);
    await page.reload();
  };
  return panel;
}

async function settle(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.waitForTimeout(200);
}

async function waitForRows(panel, rows) {
  await panel.page.waitForFunction((n) => document.getElementById('app')?.dataset.rows === String(n), rows, { timeout: 20_000 });
  await settle(panel.page);
}

function check(checks, ok, good, bad) {
  checks.push(ok ? good : `FAIL ${bad}`);
}

async function received(panel, type, before) {
  const start = Date.now();
  for (;;) {
    const list = panel.host.received.filter((m) => m.type === type);
    if (list.length > before) return list.at(-1);
    if (Date.now() - start > 5000) return null;
    await panel.page.waitForTimeout(50);
  }
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
      for (const label of ['Export PNG', 'Export CSV', 'Export JSON']) {
        await panel.page.locator('vscode-button', { hasText: label }).click();
        await panel.page.waitForTimeout(300);
      }
      const dir = join(out, 'exports');
      mkdirSync(dir, { recursive: true });
      for (const saved of panel.host.exports) {
        const path = join(dir, saved.fileName);
        writeFileSync(path, saved.format === 'png' ? Buffer.from(saved.data.replace(/^data:image\/png;base64,/, ''), 'base64') : saved.data);
        checks.push(`exported ${saved.format}: ${path} (${saved.data.length} chars)`);
      }
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
      const pixels = () => panel.page.evaluate(() => document.querySelector('.review-chart canvas')?.toDataURL());
      const before = await pixels();
      await setTheme(panel.page, 'light');
      const after = await pixels();
      check(checks, before && after && before !== after, 'chart redrawn on theme change', 'chart unchanged after the theme switch');
      return null;
    },
  },
];

function parseArgs(argv) {
  const args = { out: join(root, '.cache', 'review-screenshots'), build: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') args.out = resolve(argv[++i] ?? '');
    else if (arg === '--no-build') args.build = false;
    else if (arg === '--only') args.only = new Set((argv[++i] ?? '').split(','));
    else throw new Error(`Unknown option ${arg}; usage: node scripts/review-preview.mjs [--out DIR] [--no-build] [--only scene,scene]`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.build && spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('node esbuild.mjs failed');
  const unknown = [...(args.only ?? [])].filter((name) => !SCENES.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scene(s) ${unknown.join(', ')}; scenes: ${SCENES.map((s) => s.name).join(', ')}.`);
  mkdirSync(args.out, { recursive: true });
  const hostModule = await loadHost();
  const { server, port } = await startServer();
  const browser = await launchBrowser();
  let failed = false;
  try {
    for (const scene of SCENES) {
      if (args.only && !args.only.has(scene.name)) continue;
      const { view, ms } = await hostModule.record(scene.scenario);
      const script = scene.script ? scene.script(view) : review(view);
      const width = scene.width ?? 1280;
      const panel = await openPanel(browser, `http://127.0.0.1:${port}`, hostModule, { theme: scene.theme, width, script, siteCount: view.sites.length });
      const checks = [];
      try {
        if (scene.rows !== null) await waitForRows(panel, view.sites.length);
        const target = scene.act ? await scene.act(panel, checks, view, args.out) : null;
        const path = join(args.out, `${scene.name}.png`);
        if (target) await target.screenshot({ path });
        else {
          await panel.page.screenshot({ path, fullPage: true });
          const tall = await panel.page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 1.3);
          if (tall) await panel.page.screenshot({ path: join(args.out, `${scene.name}-top.png`) });
        }
        checks.unshift(`screenshot ${path}`);
      } catch (error) {
        checks.push(`FAIL ${error instanceof Error ? error.stack : String(error)}`);
      }
      for (const problem of panel.problems) checks.push(`FAIL ${problem}`);
      for (const invalid of panel.host.invalid) checks.push(`FAIL invalid message from the webview: ${invalid}`);
      console.log(`\n${scene.name} (${scene.scenario}, ${scene.theme}, ${width}px; review ${ms} ms)`);
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
