// The numpy baselines of bench/versusNumpy.ts: find a python3 with numpy, run a script of
// bench/baselines/ as a child process and time it from spawn to exit (interpreter start,
// `import numpy` and the JSON print included, as a user running the script would wait).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Per-layer curves of a statistic across draws (index = layer − 1). */
export interface BandCurves {
  p5: number[];
  p50: number[];
  p95: number[];
}

/** What a baseline script prints (one JSON object). */
export interface BaselineSummary {
  script: string;
  numpy: string;
  dtype: string;
  width: number;
  depth: number;
  batch: number;
  draws: number;
  std: BandCurves;
  preGradStd: BandCurves;
  weightGradStd: BandCurves;
  /** Seconds after `import numpy` and argument parsing: the rest of the wall time is start-up. */
  computeSeconds: number;
}

export interface BaselineJob {
  activation: 'relu' | 'tanh';
  init: 'he_normal' | 'xavier_normal';
  width: number;
  depth: number;
  batch: number;
  draws: number;
  seed: number;
}

export type PythonProbe = { ok: true; command: string; python: string; numpy: string } | { ok: false; command: string; reason: string };

/** The interpreter to use: INIT_LENS_PYTHON if set, else python3 on the PATH. */
export function pythonCommand(): string {
  return process.env.INIT_LENS_PYTHON || 'python3';
}

export function probePython(command = pythonCommand()): PythonProbe {
  const probe = spawnSync(command, ['-c', 'import sys, numpy; print(sys.version.split()[0], numpy.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return { ok: false, command, reason: `${command} not found (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})` };
  if (probe.status !== 0) {
    const last = (probe.stderr || '').trim().split('\n').pop() ?? '';
    return { ok: false, command, reason: /numpy/i.test(last) ? `${command} has no numpy (${last})` : `${command} failed: ${last}` };
  }
  const [python, numpy] = probe.stdout.trim().split(/\s+/);
  return { ok: true, command, python, numpy };
}

/** bench/baselines/ from the bundle dist/bench/index.js (or from bench/*.ts when run unbundled). */
export function baselinesDir(bundleDir: string): string {
  return bundleDir.endsWith(join('dist', 'bench')) ? join(bundleDir, '..', '..', 'bench', 'baselines') : join(bundleDir, 'baselines');
}

export interface BaselineRun {
  /** Spawn to exit. */
  seconds: number;
  summary: BaselineSummary;
}

/** Runs one baseline script and times it end to end; throws with the script's stderr on failure. */
export function runBaseline(command: string, scriptPath: string, job: BaselineJob): BaselineRun {
  const args = [
    scriptPath,
    '--activation', job.activation,
    '--init', job.init,
    '--width', String(job.width),
    '--depth', String(job.depth),
    '--batch', String(job.batch),
    '--draws', String(job.draws),
    '--seed', String(job.seed),
  ];
  const start = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const seconds = (performance.now() - start) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    const tail = (child.stderr || '').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${scriptPath} exited with ${child.status ?? child.signal}: ${tail}`);
  }
  return { seconds, summary: JSON.parse(child.stdout) as BaselineSummary };
}
