#!/usr/bin/env node
// Renders the real panel bundle (dist/webview.js + dist/webview.css) in headless Chromium, under
// the same CSP the extension uses, with a stub acquireVsCodeApi whose host side really simulates
// with the core (scripts/preview/host.ts). Takes screenshots in dark, light and high-contrast
// themes and at narrow width, exercises keyboard, validation, theme switching, restore after
// reload and the exports, and fails on any console error, page error or CSP violation.
//
//   node scripts/webview-preview.mjs [--out DIR] [--no-build] [--only shot,shot]
//
// DIR defaults to .cache/screenshots (git-ignored). The exports land in DIR/exports.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { THEMES, themeCss } from './preview/themes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The stand-in host, bundled from TypeScript so it runs the real core. */
async function loadPreviewHost() {
  const outfile = join(root, '.cache', 'preview', 'host.cjs');
  await build({ entryPoints: [join(root, 'scripts/preview/host.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/** Serves the webview page as VS Code does: #app, the CSS by <link>, the script by nonce, strict CSP. */
function startServer() {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = `http://${request.headers.host}`;
    const send = (type, body) => {
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    try {
      if (url.pathname === '/') {
        const theme = url.searchParams.get('theme') ?? 'dark';
        const nonce = randomBytes(16).toString('base64');
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
<link rel="stylesheet" href="/dist/webview.css">
<title>Init Lens</title>
</head>
<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass}">
<div id="app"></div>
<script nonce="${nonce}" src="/dist/webview.js"></script>
</body>
</html>`,
        );
      } else if (url.pathname.startsWith('/theme/')) {
        send('text/css', themeCss(url.pathname.slice('/theme/'.length).replace(/\.css$/, '')));
      } else if (url.pathname === '/dist/webview.js' || url.pathname === '/dist/webview.css') {
        send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(root, url.pathname)));
      } else if (url.pathname === '/favicon.ico') {
        // A browser tab asks for one; a webview does not.
        response.writeHead(204);
        response.end();
      } else {
        response.writeHead(404);
        response.end();
      }
    } catch (error) {
      response.writeHead(500);
      response.end(String(error));
    }
  });
  return new Promise((resolvePort) => server.listen(0, '127.0.0.1', () => resolvePort({ server, port: server.address().port })));
}

/** acquireVsCodeApi as VS Code provides it: one call, postMessage to the host, state kept across reloads. */
const STUB = () => {
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (message) => void window.__initLensToHost(JSON.parse(JSON.stringify(message))),
      getState: () => {
        const text = sessionStorage.getItem('vscode-state');
        return text ? JSON.parse(text) : undefined;
      },
      setState: (state) => {
        sessionStorage.setItem('vscode-state', JSON.stringify(state));
        return state;
      },
    };
  };
  document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`));
};

/** A page with the webview and a host answering it. */
export async function openPanel(browser, baseUrl, hostModule, { scenario, theme = 'dark', width = 1280, height = 900, answerReady = true, drawDelayMs = 0 }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const current = hostModule.scenario(scenario);
  const panel = { page, context, problems, host: null };
  const makeHost = (answer) =>
    new hostModule.PreviewHost(current, (message) => page.evaluate((m) => window.postMessage(m, '*'), message).catch(() => {}), answer, drawDelayMs);
  panel.host = makeHost(answerReady);
  await page.exposeFunction('__initLensToHost', (message) => panel.host.receive(message));
  await page.addInitScript(STUB);
  await page.goto(`${baseUrl}/?theme=${theme}`);
  /** Reloads the page; the new host answers 'ready' only if asked to (to see the restored state alone). */
  panel.reload = async (answer) => {
    panel.host = makeHost(answer);
    await page.reload();
  };
  return panel;
}

/** Waits until the host has sent `count` results and has nothing in flight, then lets the page paint. */
export async function waitForResults(panel, count, timeoutMs = 120_000) {
  const start = Date.now();
  while (panel.host.resultCount < count || panel.host.received.filter((m) => m.type === 'run').length === 0) {
    const pageError = panel.problems.find((p) => p.startsWith('page error'));
    if (pageError) throw new Error(`the page failed while waiting for results: ${pageError}`);
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${count} result(s); host received ${JSON.stringify(panel.host.received.map((m) => m.type))}`);
    await new Promise((r) => setTimeout(r, 100));
    await panel.host.idle();
  }
  await panel.host.idle();
  await panel.page.waitForTimeout(400);
}

async function setTheme(page, name) {
  const theme = THEMES[name];
  // As VS Code does on a theme change: variables on <html> by script, then the body class.
  await page.evaluate(({ vars, bodyClass }) => {
    for (const [key, value] of Object.entries(vars)) document.documentElement.style.setProperty(key, value);
    document.body.className = bodyClass;
  }, theme);
  await page.waitForTimeout(300);
}

/** Each shot: a scenario in a theme and viewport, optional interaction, a screenshot and checks. */
const SHOTS = [
  { name: 'cs231n-dark', scenario: 'cs231n', theme: 'dark', results: 2 },
  { name: 'cs231n-light', scenario: 'cs231n', theme: 'light', results: 2 },
  { name: 'he-deep-light-narrow', scenario: 'he-deep', theme: 'light', width: 320, results: 1 },
  { name: 'stack-dark', scenario: 'stack', theme: 'dark', width: 900, results: 1 },
  { name: 'exploding-high-contrast', scenario: 'exploding', theme: 'high-contrast', results: 1 },
  { name: 'zeros-light', scenario: 'zeros', theme: 'light', width: 900, results: 1 },
  {
    name: 'progress-dark',
    scenario: 'he-deep',
    theme: 'dark',
    results: 1,
    drawDelayMs: 400,
    async act(panel, checks) {
      // A wider net, with the host pausing between draws, so the progress bar is on screen next to the old result.
      const width = panel.page.locator('[data-field=width] input');
      await width.fill('4000');
      await width.press('Enter');
      const start = Date.now();
      while (!panel.host.received.some((m) => m.type === 'run' && m.setup.network.layers[0].fanOut === 4000)) {
        if (Date.now() - start > 10_000) throw new Error('no run for width 4000');
        await panel.page.waitForTimeout(50);
      }
      await panel.page.locator('.progress:not([hidden])').waitFor({ timeout: 60_000 });
      await panel.page.waitForFunction(() => /layer steps/.test(document.querySelector('.progress-text')?.textContent ?? ''), null, { timeout: 60_000 });
      const text = await panel.page.locator('.progress-text').textContent();
      checks.push(`progress shown: "${text}"`);
      const badges = await panel.page.locator('.verdict .badge').count();
      checks.push(badges > 0 ? 'the previous verdict stays on screen while running' : 'FAIL verdict cleared while running');
      const shot = panel.page.locator('body');
      await panel.page.screenshot({ path: join(panel.out, 'progress-dark-running.png'), clip: { x: 0, y: 0, width: 1280, height: 700 } });
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
      const before = await panel.page.evaluate(() => document.querySelector('canvas')?.toDataURL().length);
      await setTheme(panel.page, 'light');
      const after = await panel.page.evaluate(() => document.querySelector('canvas')?.toDataURL().length);
      checks.push(before !== after ? 'charts redrawn on theme change' : 'FAIL first chart unchanged after theme switch');
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
      for (const label of ['Export PNG', 'Export CSV', 'Export JSON']) {
        await panel.page.locator('vscode-button', { hasText: label }).click();
        await panel.page.waitForTimeout(300);
      }
      const dir = join(out, 'exports');
      mkdirSync(dir, { recursive: true });
      for (const saved of panel.host.exports) {
        const path = join(dir, saved.fileName);
        if (saved.format === 'png') writeFileSync(path, Buffer.from(saved.data.replace(/^data:image\/png;base64,/, ''), 'base64'));
        else writeFileSync(path, saved.data);
        checks.push(`exported ${saved.format}: ${path} (${saved.data.length} chars)`);
      }
      const csv = panel.host.exports.find((e) => e.format === 'csv')?.data.split('\n') ?? [];
      checks.push(csv.length === 12 ? `CSV: header + 10 layer rows; columns: ${csv[0]}` : `FAIL CSV has ${csv.length} lines`);
      const status = await panel.page.locator('.status-message').textContent();
      checks.push(status?.startsWith('Saved') ? `notice shown: "${status}"` : `FAIL notice "${status}"`);
      return null;
    },
  },
];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.build) {
    const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('node esbuild.mjs failed');
  }
  mkdirSync(args.out, { recursive: true });
  const hostModule = await loadPreviewHost();
  const { server, port } = await startServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let failed = false;
  try {
    for (const shot of SHOTS) {
      if (args.only && !args.only.has(shot.name)) continue;
      const panel = await openPanel(browser, `http://127.0.0.1:${port}`, hostModule, shot);
      const checks = [];
      panel.out = args.out;
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
