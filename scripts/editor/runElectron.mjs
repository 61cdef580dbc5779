// `npm run test:electron`: the same extension-host suite against a downloaded VS Code, through
// @vscode/test-electron. It needs network access to download VS Code; CI runs the suite in
// code-server instead (scripts/editor/test.mjs), because nothing can be downloaded there.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './codeServer.mjs';
import { buildSuite } from './runSuite.mjs';

await buildSuite();
const workspace = mkdtempSync(join(tmpdir(), 'init-lens-ws-'));
cpSync(join(ROOT, 'test/e2e/workspace'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out/e2e/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { INIT_LENS_WORKER_TEST_HOOKS: '1' },
  });
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
