// Runs the extension-host suite (test/e2e/suite) inside a real VS Code: code-server with the
// extension loaded from this folder (extensionDevelopmentPath through the web client's
// `payload`, as @vscode/test-web does), over a fresh copy of test/e2e/workspace.
// Exit code: the suite's. Usage: node scripts/editor/runSuite.mjs [--runs N]
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, startCodeServer } from './codeServer.mjs';

export async function buildSuite() {
  await build({
    entryPoints: [join(ROOT, 'test/e2e/suite/index.ts')],
    outfile: join(ROOT, 'out/e2e/index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

export async function runSuiteOnce({ log = (t) => process.stdout.write(t) } = {}) {
  const workspace = mkdtempSync(join(tmpdir(), 'init-lens-ws-'));
  cpSync(join(ROOT, 'test/e2e/workspace'), workspace, { recursive: true });
  const server = await startCodeServer({ workspace, install: false, env: { INIT_LENS_WORKER_TEST_HOOKS: '1' } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => log(`${Array.isArray(args) ? format(...args) : String(args ?? type)}\n`));
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out/e2e/index.js'))],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 300_000));
    const code = await Promise.race([exit, timeout]);
    if (code === 'timeout') {
      log('the suite did not finish within 300 s\n');
      return 1;
    }
    return code;
  } finally {
    await browser.close();
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runsIndex = process.argv.indexOf('--runs');
  const runs = runsIndex > 0 ? Number(process.argv[runsIndex + 1]) : 1;
  await buildSuite();
  let failed = 0;
  for (let i = 1; i <= runs; i++) {
    const started = Date.now();
    const code = await runSuiteOnce();
    console.log(`run ${i}/${runs}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}
