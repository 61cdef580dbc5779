// The real-editor part of `npm test`: installs code-server once (scripts/install-code-server.sh),
// runs the extension-host suite against this folder, then packages the .vsix and runs the UI
// test against the installed package. Servers are stopped by process group whatever happens.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './codeServer.mjs';
import { buildSuite, runSuiteOnce } from './runSuite.mjs';
import { runUiTest } from './uiTest.mjs';

const step = (name, started) => console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
let started = Date.now();
if (!existsSync(join(ROOT, '.cache/code-server/.installed-4.96.4')) || !existsSync('/usr/bin/chromium')) {
  const install = spawnSync('bash', [join(ROOT, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
  step('install code-server', started);
}

started = Date.now();
await buildSuite();
const code = await runSuiteOnce();
step('extension-host suite', started);
if (code !== 0) process.exit(code);

started = Date.now();
const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
if (pack.status !== 0) {
  console.error(pack.stdout, pack.stderr);
  process.exit(pack.status ?? 1);
}
// The development build again (source maps) for whatever runs next.
spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
step('package', started);

started = Date.now();
await runUiTest({ vsix: join(ROOT, 'dist/init-lens.vsix') });
step('UI test (installed .vsix)', started);
console.log('real-editor tests passed');
process.exit(0);
