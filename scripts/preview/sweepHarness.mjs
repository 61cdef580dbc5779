// The sweep panel's preview harness: serves dist/sweepView.js + dist/sweepView.css as the host
// will (the page of src/extension/panelHtml.ts, same strict CSP with a nonce), opens it in headless
// Chromium with a stub acquireVsCodeApi, and connects it to the stand-in host (sweepHost.ts).
// Reuses the theme variables and browser launch of the simulation panel's harness.

import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './harness.mjs';
import { THEMES, themeCss } from './themes.mjs';

export { launchBrowser, root, setTheme } from './harness.mjs';

/** The stand-in host, bundled from TypeScript so it runs the real sweep engine. */
export async function loadSweepHost() {
  const outfile = join(root, '.cache', 'preview', 'sweepHost.cjs');
  await build({ entryPoints: [join(root, 'scripts/preview/sweepHost.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

const FILES = new Set(['/dist/sweepView.js', '/dist/sweepView.css']);

export function startSweepServer() {
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
<link rel="stylesheet" href="/dist/sweepView.css">
<title>Init Lens sweep</title>
</head>
<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass}">
<div id="app"></div>
<script nonce="${nonce}" src="/dist/sweepView.js"></script>
</body>
</html>`,
        );
      } else if (url.pathname.startsWith('/theme/')) {
        send('text/css', themeCss(url.pathname.slice('/theme/'.length).replace(/\.css$/, '')));
      } else if (FILES.has(url.pathname)) {
        send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(root, url.pathname)));
      } else if (url.pathname === '/favicon.ico') {
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

/** acquireVsCodeApi as VS Code provides it: once per page, postMessage to the host, state kept across reloads. */
const STUB = () => {
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (message) => void window.__sweepToHost(JSON.parse(JSON.stringify(message))),
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

/**
 * A page with the sweep panel and a host replaying `script` after 'ready'. `panel.host` is the
 * SweepPreviewHost; `panel.reload(answer)` reloads with a fresh host that answers or stays silent.
 */
export async function openSweepPanel(browser, baseUrl, hostModule, { theme = 'dark', width = 1280, height = 900, script, onCancel = null }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const panel = { page, context, problems, host: null };
  const sendToPage = (message) => page.evaluate((m) => window.postMessage(m, '*'), message).catch(() => {});
  const makeHost = (answer) => new hostModule.SweepPreviewHost(script, sendToPage, answer, onCancel);
  panel.host = makeHost(true);
  await page.exposeFunction('__sweepToHost', (message) => panel.host.receive(message));
  await page.addInitScript(STUB);
  await page.goto(`${baseUrl}/?theme=${theme}`);
  panel.reload = async (answer) => {
    panel.host = makeHost(answer);
    await page.reload();
  };
  /** Sends one more message to the page, as the host would. */
  panel.send = sendToPage;
  return panel;
}

/** Waits until the page shows the last scripted message (the app's data-done matches), then lets it paint. */
export async function waitForSweep(panel, expected, timeoutMs = 30_000) {
  await panel.page.waitForFunction(
    ({ done, running }) => {
      const app = document.getElementById('app');
      return app?.dataset.done === String(done) && app.dataset.running === String(running);
    },
    expected,
    { timeout: timeoutMs },
  );
  await panel.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await panel.page.waitForTimeout(250);
}
