// Hand-testing aid: opens the examples in a real VS Code (code-server) in headless Chromium,
// and screenshots the lenses, a hover, the Problems panel, the quick fix and the panel into
// .cache/screenshots/editor-*.png. Usage: node scripts/editor/tryout.mjs [file] [--theme dark|light]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, startCodeServer } from './codeServer.mjs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'cs231n_tanh.py';
const theme = args.includes('--light') ? 'Default Light Modern' : 'Default Dark Modern';
const out = join(ROOT, '.cache/screenshots');
mkdirSync(out, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(out, `editor-${name}.png`) });

const server = await startCodeServer({ workspace: join(ROOT, 'examples'), settings: { 'workbench.colorTheme': theme }, log: (t) => process.env.VERBOSE && process.stderr.write(t) });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('console', (m) => m.type() === 'error' && console.error('[page]', m.text().slice(0, 300)));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(join(ROOT, 'examples'))}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
  await page.waitForSelector('.editor-instance .view-lines', { timeout: 60_000 });
  const lens = page.locator('.codelens-decoration a', { hasText: 'Simulate depth' }).first();
  await lens.waitFor({ timeout: 60_000 });
  // Let the quick Monte Carlo refinements replace the mean-field titles.
  await page.waitForTimeout(4000);
  await shot(page, `${file}-lenses`);
  console.log('lenses:', (await page.locator('.codelens-decoration').allInnerTexts()).join('\n'));

  // Hover the first init line's text.
  const line = page.locator('.view-line', { hasText: '* 0.01' }).first();
  if (await line.count()) {
    await line.hover({ position: { x: 400, y: 8 } });
    await page.waitForTimeout(2500);
    await shot(page, `${file}-hover`);
  }

  await lens.click();
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  try {
    await frame.locator('canvas').first().waitFor({ timeout: 30_000 });
  } catch (error) {
    await shot(page, `${file}-panel-failed`);
    console.log('frames:', page.frames().map((f) => f.url()).join('\n'));
    throw error;
  }
  await page.waitForTimeout(5000);
  await shot(page, `${file}-panel`);
  console.log('panel text:', (await frame.locator('body').innerText()).slice(0, 1500));
} finally {
  await browser.close();
  server.stop();
}
