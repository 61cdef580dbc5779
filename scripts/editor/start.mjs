// `npm start`: builds Init Lens, prepares code-server (installs it on the first run), starts it
// with the extension installed on a free loopback port over the examples/ workspace, and prints
// the URL to open. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startCodeServer } from './codeServer.mjs';

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!existsSync(join(ROOT, '.cache/code-server/.installed-4.96.4'))) {
  console.log('First run: installing code-server 4.96.4 into .cache/code-server (about 2 minutes)…');
  const install = spawnSync('bash', [join(ROOT, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const workspace = join(ROOT, 'examples');
const server = await startCodeServer({ workspace });
console.log(`\nInit Lens is running in VS Code (code-server) over examples/:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
console.log('Open it in a browser, open cs231n_tanh.py and click "▶ Simulate depth". Ctrl-C stops the server.');
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
