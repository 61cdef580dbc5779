// The preview harness the three panel previews share (webview-preview.mjs: the simulation panel,
// sweep-preview.mjs, review-preview.mjs): serves a panel's bundle (dist/<bundle>.js + .css) as the
// extension does (the page of src/extension/panelHtml.ts, same strict CSP with a nonce), opens it in
// headless Chromium with a stub acquireVsCodeApi, connects it to a stand-in host (a .ts beside this
// file, bundled so it runs the real code), and runs the scenes: screenshots and checks.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { THEMES, themeCss } from './themes.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

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

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A stand-in host (`tsPath`, from the repository root), bundled from TypeScript so it runs the real code. */
export async function loadHost(tsPath) {
  const outfile = join(root, '.cache', 'preview', `${basename(tsPath, '.ts')}.cjs`);
  await build({ entryPoints: [join(root, tsPath)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/**
 * Serves a panel's page as VS Code does: #app, the theme's variables and dist/<bundle>.css by
 * <link>, dist/<bundle>.js by nonce, strict CSP.
 */
export function startServer(bundle = 'webview', title = 'Init Lens') {
  const files = new Set([`/dist/${bundle}.js`, `/dist/${bundle}.css`]);
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
<link rel="stylesheet" href="/dist/${bundle}.css">
<title>${title}</title>
</head>
<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass}">
<div id="app"></div>
<script nonce="${nonce}" src="/dist/${bundle}.js"></script>
</body>
</html>`,
        );
      } else if (url.pathname.startsWith('/theme/')) {
        send('text/css', themeCss(url.pathname.slice('/theme/'.length).replace(/\.css$/, '')));
      } else if (files.has(url.pathname)) {
        send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(root, url.pathname)));
      } else {
        // A browser tab asks for a favicon; a webview does not.
        response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404);
        response.end();
      }
    } catch (error) {
      response.writeHead(500);
      response.end(String(error));
    }
  });
  return new Promise((resolvePort) => server.listen(0, '127.0.0.1', () => resolvePort({ server, port: server.address().port })));
}

/**
 * acquireVsCodeApi as VS Code provides it: once per page, postMessage to the host (through the
 * function the page exposes as `bridge`), state kept across reloads. Runs in the page.
 */
const STUB = (bridge) => {
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (message) => void window[bridge](JSON.parse(JSON.stringify(message))),
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

/** Installs the acquireVsCodeApi stub, its postMessage calling `bridge` (a function exposed to the page). */
export function installVsCodeStub(page, bridge) {
  return page.addInitScript(STUB, bridge);
}

/**
 * A page with a panel and a stand-in host answering it. `makeHost(answer, send)` makes the host:
 * it receives what the page posts through `bridge`, talks back by `send`, and answers 'ready' only
 * if `answer` (false: to see what the page restores alone). `panel.reload(answer)` reloads the page
 * with a fresh host; `panel.send` posts one more message to the page, as the host would; console
 * errors and warnings, page errors and CSP violations land in `panel.problems`.
 */
export async function openPanel(browser, baseUrl, { bridge, makeHost, theme = 'dark', width = 1280, height = 900, answer = true }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const send = (message) => page.evaluate((m) => window.postMessage(m, '*'), message).catch(() => {});
  const panel = { page, context, problems, host: makeHost(answer, send), send };
  await page.exposeFunction(bridge, (message) => panel.host.receive(message));
  await installVsCodeStub(page, bridge);
  await page.goto(`${baseUrl}/?theme=${theme}`);
  panel.reload = async (answerReady) => {
    panel.host = makeHost(answerReady, send);
    await page.reload();
  };
  return panel;
}

/** Lets the page paint: two animation frames, then `ms`. */
export async function settle(page, ms = 200) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.waitForTimeout(ms);
}

export async function setTheme(page, name) {
  const theme = THEMES[name];
  // As VS Code does on a theme change: variables on <html> by script, then the body class.
  await page.evaluate(({ vars, bodyClass }) => {
    for (const [key, value] of Object.entries(vars)) document.documentElement.style.setProperty(key, value);
    document.body.className = bodyClass;
  }, theme);
  // The panel redraws on the next animation frame after the mutations.
  await settle(page);
}

/** Whether the first canvas matching `selector` draws other pixels after a switch to `theme`. */
export async function redrawnOnThemeChange(page, selector, theme = 'light') {
  const pixels = () => page.evaluate((s) => document.querySelector(s)?.toDataURL(), selector);
  const before = await pixels();
  await setTheme(page, theme);
  const after = await pixels();
  return Boolean(before && after && before !== after);
}

/** Records a check: `good` if ok, else `FAIL bad` (which fails the run). */
export function check(checks, ok, good, bad) {
  checks.push(ok ? good : `FAIL ${bad}`);
}

/** Waits up to 5 s for the host to receive a message of `type` (after `before` of them), returns it or null. */
export async function received(panel, type, before) {
  const start = Date.now();
  for (;;) {
    const list = panel.host.received.filter((m) => m.type === type);
    if (list.length > before) return list.at(-1);
    if (Date.now() - start > 5000) return null;
    await panel.page.waitForTimeout(50);
  }
}

/** Clicks Export PNG, CSV and JSON, writes what the host received to `out`/exports, one check line each. */
export async function saveExports(panel, checks, out) {
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
}

function parseArgs(argv, { script, out, noun }) {
  const args = { out: join(root, out), build: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') args.out = resolve(argv[++i] ?? '');
    else if (arg === '--no-build') args.build = false;
    else if (arg === '--only') args.only = new Set((argv[++i] ?? '').split(','));
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: node ${script} [--out DIR] [--no-build] [--only ${noun},${noun}]`);
      process.exit(0);
    } else throw new Error(`Unknown option ${arg} (try --help).`);
  }
  return args;
}

/**
 * A preview's command line: `node <script> [--out DIR] [--no-build] [--only name,name]`. Builds
 * dist/ (unless --no-build), loads the host `host`, serves `bundle` and, for each of `scenes` (or
 * those --only names), `stage(scene, { browser, baseUrl, hostModule, out })` opens it and returns
 * `{ panel, heading, ready, act }`: `ready()` waits for the first drawing, `act(checks)` (if any)
 * interacts and returns the element to photograph (null: the full page, and its first screen too
 * where it is tall, if `topOfTall`). Prints each heading and its checks; exits 1 if any failed
 * or the page reported a problem or the host an invalid message.
 */
export async function runPreview({ script, out, noun, scenes, host, bundle, title, topOfTall = true, stage }) {
  const args = parseArgs(process.argv.slice(2), { script, out, noun });
  if (args.build) {
    const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('node esbuild.mjs failed');
  }
  const unknown = [...(args.only ?? [])].filter((name) => !scenes.some((scene) => scene.name === name));
  if (unknown.length > 0) throw new Error(`Unknown ${noun}(s) ${unknown.join(', ')}; ${noun}s: ${scenes.map((s) => s.name).join(', ')}.`);
  mkdirSync(args.out, { recursive: true });
  const hostModule = await loadHost(host);
  const { server, port } = await startServer(bundle, title);
  const browser = await launchBrowser();
  const baseUrl = `http://127.0.0.1:${port}`;
  let failed = false;
  try {
    for (const scene of scenes) {
      if (args.only && !args.only.has(scene.name)) continue;
      const { panel, heading, ready, act } = await stage(scene, { browser, baseUrl, hostModule, out: args.out });
      const checks = [];
      try {
        await ready();
        const target = act ? await act(checks) : null;
        const path = join(args.out, `${scene.name}.png`);
        if (target) await target.screenshot({ path });
        else {
          await panel.page.screenshot({ path, fullPage: true });
          // A long page shrinks to illegible when viewed whole: the first screen at full size too.
          const tall = topOfTall && (await panel.page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 1.3));
          if (tall) await panel.page.screenshot({ path: join(args.out, `${scene.name}-top.png`) });
        }
        checks.unshift(`screenshot ${path}`);
      } catch (error) {
        checks.push(`FAIL ${error instanceof Error ? error.stack : String(error)}`);
      }
      for (const problem of panel.problems) checks.push(`FAIL ${problem}`);
      for (const invalid of panel.host.invalid ?? []) checks.push(`FAIL invalid message from the webview: ${invalid}`);
      console.log(`\n${heading}`);
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

// The simulation panel (webview-preview.mjs, shots.mjs): its host (host.ts) really simulates with the core.

/** A page with the simulation panel and a host answering it, for a shot (see shots.mjs). */
export function openSimulationPanel(browser, baseUrl, hostModule, { scenario, theme = 'dark', width = 1280, height = 900, answerReady = true, drawDelayMs = 0 }) {
  const current = hostModule.scenario(scenario);
  const makeHost = (answer, send) => new hostModule.PreviewHost(current, send, answer, drawDelayMs);
  return openPanel(browser, baseUrl, { bridge: '__initLensToHost', makeHost, theme, width, height, answer: answerReady });
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
