// Starts a real VS Code (code-server 4.96.4 from .cache/code-server, see
// scripts/install-code-server.sh) on a free loopback port with Init Lens installed unpacked,
// in a fresh run folder; stop() kills its whole process group (its extension host and file
// watcher outlive the main process otherwise).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const CODE_SERVER = join(ROOT, '.cache/code-server/node_modules/.bin/code-server');

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Copies what the .vsix would hold (manifest + bundles) into the run's extensions folder. */
export function installUnpacked(extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(target, 'dist'), { recursive: true });
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    try {
      cpSync(join(ROOT, file), join(target, file));
    } catch {}
  }
  return target;
}

/**
 * install: true copies the unpacked extension; a path to a .vsix installs that package the way a
 * user would (code-server --install-extension); false loads nothing (the suite passes it in the URL).
 */
export async function startCodeServer({ workspace, settings = {}, env = {}, install = true, log = () => {} } = {}) {
  const run = mkdtempSync(join(tmpdir(), 'init-lens-cs-'));
  const port = await freePort();
  const userData = join(run, 'ud');
  const extensions = join(run, 'exts');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'workbench.startupEditor': 'none',
      'extensions.autoUpdate': false,
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      'git.enabled': false,
      ...settings,
    }),
  );
  writeFileSync(join(run, 'config.yaml'), 'auth: none\n');
  if (typeof install === 'string') {
    const result = spawnSync(CODE_SERVER, ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', install], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: join(run, 'xdg-config'), XDG_DATA_HOME: join(run, 'xdg-data') },
    });
    if (result.status !== 0) throw new Error(`installing ${install} failed: ${result.stderr || result.stdout}`);
  } else if (install) installUnpacked(extensions);
  const args = [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions,
    '--config', join(run, 'config.yaml'), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened', workspace,
  ];
  const child = spawn(CODE_SERVER, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: join(run, 'xdg-config'), XDG_DATA_HOME: join(run, 'xdg-data'), ...env },
  });
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null) {
      stop();
      throw new Error(`code-server did not answer on ${url} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, run, extensions, stop };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
