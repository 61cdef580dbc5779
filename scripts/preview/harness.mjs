// The preview harness, reusable by other tests: serves the real webview bundle under the panel's
// CSP, opens it in headless Chromium with a stub acquireVsCodeApi, and connects it to the
// stand-in host (host.ts), which really simulates with the core.

import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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

/** The stand-in host, bundled from TypeScript so it runs the real core. */
export async function loadPreviewHost() {
  const outfile = join(root, '.cache', 'preview', 'host.cjs');
  await build({ entryPoints: [join(root, 'scripts/preview/host.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/** Serves the webview page as VS Code does: #app, the CSS by <link>, the script by nonce, strict CSP. */
export function startServer() {
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

export async function setTheme(page, name) {
  const theme = THEMES[name];
  // As VS Code does on a theme change: variables on <html> by script, then the body class.
  await page.evaluate(({ vars, bodyClass }) => {
    for (const [key, value] of Object.entries(vars)) document.documentElement.style.setProperty(key, value);
    document.body.className = bodyClass;
  }, theme);
  // The panel redraws on the next animation frame after the mutations.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.waitForTimeout(200);
}

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
