// Issue 7, "Benchmark the full schemes × activations sweep": the 12 schemes × 12 activations grid
// at depth 50, width 512, batch 64, one network draw per cell, answered by the numpy notebook a
// user writes today and by Init Lens' sweep engine, all timed in this one process run.
//
// Rows:
//   (a) numpy, bench/baselines/schemes_grid.py: python3 child process, spawn → exit, with numpy's
//       default BLAS threads (what a user gets)
//   (a′) the same script with BLAS pinned to one thread (OPENBLAS/OMP/MKL_NUM_THREADS=1): on a
//       small shared machine, multi-threaded BLAS can spin and thrash; this row shows how much of
//       (a) that is, and the table gives every ratio against it too
//   (b) Init Lens, Monte Carlo policy 'auto', SimulationPool of 2 workers (the extension/CLI
//       default here): time to the full heatmap (every cell present; mean-field fills the cells
//       first) and to completion, with how many cells each engine ran
//   (c) the same on a SimulationPool of 1 worker (scaling)
//   (d) Init Lens, policy 'mean-field' (theory wherever it applies), in process
//   (e) the CLI end to end: `node dist/cli.js sweep schemes --depth 50 --width 512 --json`,
//       spawn → exit (node start and its default worker pool included), the counterpart of (a)
// Each row runs once: the grid is the heavy job of this benchmark. Pools are started (and warmed
// on a tiny sweep) before their row; their start-up is reported, not charged. Then a sanity check
// that both sides answer the same question: a few cells side by side, and how many cells' forward
// verdict class agrees. (a) is skipped with a message when python3 + numpy are missing.
//
// Environment: INIT_LENS_PYTHON picks the interpreter (default python3); INIT_LENS_BENCH_QUICK=1
// shrinks depth, width and batch (the grid stays 12 × 12) so the plumbing can be checked in seconds.

import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { runSweep } from '../src/sweep/engine';
import { SWEEP_ACTIVATIONS, SWEEP_DRAWS, SWEEP_SCHEMES } from '../src/sweep/presets';
import { inProcessRunner, poolRunner, type SweepRunner } from '../src/sweep/runner';
import type { MonteCarloPolicy, SchemeCell, SchemesSweepRequest, SchemesSweepResult, SweepEngine, SweepResult } from '../src/sweep/types';
import { defaultPoolSize, SimulationPool } from '../src/worker/pool';
import { baselinesDir, probePython, type PythonProbe } from './python';

const QUICK = process.env.INIT_LENS_BENCH_QUICK === '1';
const JOB = QUICK ? { depth: 8, width: 64, batch: 8 } : { depth: 50, width: 512, batch: 64 };
const SEED = 0;
/** The forward verdict classes of the agreement count. */
const VANISHING_BELOW = 0.1;
const EXPLODING_ABOVE = 10;
/** Cells printed side by side (scheme id × activation name). */
const SAMPLE_CELLS: [scheme: string, activation: string][] = [
  ['he_normal', 'relu'],
  ['xavier_normal', 'tanh'],
  ['normal_0.01', 'tanh'],
  ['normal_1', 'tanh'],
];
/** Disagreeing cells listed by name, at most. */
const MAX_LISTED = 12;
/** A full run expected to last about this long; the section says so when it lasts longer. */
const EXPECTED_S = QUICK ? 60 : 600;

interface GridCell {
  scheme: string;
  activation: string;
  forwardRatio: number | null;
  backwardRatio: number | null;
}

interface NumpyGrid {
  script: string;
  numpy: string;
  erf: string;
  width: number;
  depth: number;
  batch: number;
  cells: GridCell[];
  computeSeconds: number;
  /** CPU seconds of every thread of the script (BLAS threads included). */
  cpuSeconds: number;
  drawSeconds: number;
  forwardSeconds: number;
  backwardSeconds: number;
  schemeSeconds: Record<string, number>;
}

/** numpy's BLAS on one thread, whichever BLAS it was built with. */
const ONE_BLAS_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

interface Row {
  tag: string;
  label: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  /** Completion (spawn → exit for (a) and (e)). */
  seconds?: number;
  /** Every cell of the heatmap present. */
  heatmapSeconds?: number;
  notes: string[];
  cells?: { scheme: string; activation: string; forwardRatio: number | null; backwardRatio: number | null; engine?: string; meanField?: SchemeCell['meanField'] }[];
}

function request(monteCarlo: MonteCarloPolicy, depth = JOB.depth, width = JOB.width, batch = JOB.batch): SchemesSweepRequest {
  return {
    kind: 'schemes',
    depth,
    width,
    biasStd: 0,
    batch,
    draws: SWEEP_DRAWS.schemes,
    seed: SEED,
    monteCarlo,
    schemes: [...SWEEP_SCHEMES],
    activations: [...SWEEP_ACTIVATIONS],
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function seconds(t: number): string {
  if (t < 0.1) return `${(t * 1000).toFixed(1)} ms`;
  if (t < 1) return `${(t * 1000).toFixed(0)} ms`;
  return `${t.toFixed(t < 10 ? 2 : 1)} s`;
}

function versus(reference: number, t: number): string {
  const r = reference / t;
  return r >= 1 ? `×${r.toFixed(r >= 100 ? 0 : 2)} faster` : `×${(1 / r).toFixed(2)} slower`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`  … ${text}\n`);
}

function ratioText(r: number | null | undefined): string {
  if (r === null || r === undefined) return 'null';
  if (r === 0) return '0';
  return Math.abs(r) >= 1e4 || Math.abs(r) < 1e-3 ? r.toExponential(2) : r.toPrecision(3);
}

function verdictClass(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return 'not formed';
  return r < VANISHING_BELOW ? 'vanishing' : r > EXPLODING_ABOVE ? 'exploding' : 'in between';
}

function engineCounts(cells: { engine?: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c.engine ?? '?', (counts.get(c.engine ?? '?') ?? 0) + 1);
  return [...counts].map(([engine, n]) => `${n} ${engine}`).join(' + ');
}

const GRID_SIZE = SWEEP_SCHEMES.length * SWEEP_ACTIVATIONS.length;

interface SweepTiming {
  result: SchemesSweepResult;
  seconds: number;
  /** CPU seconds of this process over the run, worker threads included. */
  cpuSeconds: number;
  /**
   * Wall time between consecutive snapshots, charged to the engine of the cell each snapshot
   * added or refined: the time per engine when the runner runs one cell at a time.
   */
  engineSeconds: Map<string, { seconds: number; cells: number }>;
  /** First snapshot with every cell present, and the engines behind it then. */
  heatmapSeconds: number | null;
  heatmapEngines: string;
  /** Every cell mean-field can answer answered by mean-field (cells with a meanField entry). */
  meanFieldSeconds: number | null;
  meanFieldCells: number;
}

/** Runs the sweep, timing the first full heatmap and completion from onPartial snapshots. */
async function timeSweep(req: SchemesSweepRequest, runner: SweepRunner): Promise<SweepTiming> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let heatmapSeconds: number | null = null;
  let heatmapEngines = '';
  const meanFieldCounts: [t: number, n: number][] = [];
  const engineSeconds = new Map<string, { seconds: number; cells: number }>();
  let previous = new Map<string, string>();
  let previousT = 0;
  const result = (await runSweep(req, runner, {
    onPartial: (partial: SweepResult) => {
      const t = (performance.now() - start) / 1000;
      const cells = (partial as SchemesSweepResult).cells;
      meanFieldCounts.push([t, cells.filter((c) => c.meanField !== null).length]);
      if (heatmapSeconds === null && cells.length === GRID_SIZE) {
        heatmapSeconds = t;
        heatmapEngines = engineCounts(cells);
      }
      const now = new Map(cells.map((c) => [`${c.scheme}|${c.activationSpec.name}`, `${c.engine}:${c.forwardRatio}:${c.backwardRatio}`]));
      const changed = cells.find((c) => previous.get(`${c.scheme}|${c.activationSpec.name}`) !== now.get(`${c.scheme}|${c.activationSpec.name}`));
      const engine = changed?.engine ?? 'unchanged';
      const entry = engineSeconds.get(engine) ?? { seconds: 0, cells: 0 };
      entry.seconds += t - previousT;
      entry.cells++;
      engineSeconds.set(engine, entry);
      previous = now;
      previousT = t;
    },
  })) as SchemesSweepResult;
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const finalMeanField = result.cells.filter((c) => c.meanField !== null).length;
  const reached = meanFieldCounts.find(([, n]) => n === finalMeanField);
  return {
    result,
    seconds: elapsed,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    engineSeconds,
    heatmapSeconds,
    heatmapEngines,
    meanFieldSeconds: finalMeanField > 0 && reached ? reached[0] : null,
    meanFieldCells: finalMeanField,
  };
}

/** `sequential`: the runner ran one cell at a time, so the time between snapshots is per engine. */
function sweepRow(tag: string, label: string, timing: SweepTiming, sequential: boolean): Row {
  const r = timing.result;
  const perEngine = [...timing.engineSeconds]
    .map(([engine, { seconds: t, cells }]) => `${engine} ${seconds(t)} for ${cells} run${cells === 1 ? '' : 's'} (${seconds(t / cells)} each)`)
    .join(', ');
  const notes = [
    r.complete ? `complete (${r.done}/${r.total} runs)` : `INCOMPLETE (${r.done}/${r.total})`,
    `final cells: ${engineCounts(r.cells)}`,
    timing.meanFieldSeconds !== null ? `mean-field answered ${timing.meanFieldCells} cells by ${seconds(timing.meanFieldSeconds)}` : 'no mean-field cells',
    `CPU ${seconds(timing.cpuSeconds)} (all threads of this process)`,
    ...(sequential ? [`one cell at a time: ${perEngine}`] : []),
    timing.heatmapSeconds !== null ? `heatmap then: ${timing.heatmapEngines}` : 'never a full heatmap',
  ];
  return {
    tag,
    label,
    status: 'ok',
    seconds: timing.seconds,
    heatmapSeconds: timing.heatmapSeconds ?? undefined,
    notes,
    cells: r.cells.map((c) => ({ scheme: c.scheme, activation: c.activationSpec.name, forwardRatio: c.forwardRatio, backwardRatio: c.backwardRatio, engine: c.engine, meanField: c.meanField })),
  };
}

/** (a) and (a′): the numpy grid, spawn → exit. */
function runNumpy(python: Extract<PythonProbe, { ok: true }>, script: string, tag: string, label: string, env: Record<string, string> = {}): Row {
  const args = [script, '--width', String(JOB.width), '--depth', String(JOB.depth), '--batch', String(JOB.batch), '--seed', String(SEED)];
  const start = performance.now();
  const child = spawnSync(python.command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: { ...process.env, ...env } });
  const elapsed = (performance.now() - start) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    const tail = (child.stderr || '').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${script} exited with ${child.status ?? child.signal}: ${tail}`);
  }
  const grid = JSON.parse(child.stdout) as NumpyGrid;
  const slowest = Object.entries(grid.schemeSeconds).sort((x, y) => y[1] - x[1])[0];
  return {
    tag,
    label,
    status: 'ok',
    seconds: elapsed,
    notes: [
      `compute ${seconds(grid.computeSeconds)} (drawing W ${seconds(grid.drawSeconds)}, forward ${seconds(grid.forwardSeconds)}, backward ${seconds(grid.backwardSeconds)}; ` +
        `slowest scheme ${slowest ? `${slowest[0]} ${seconds(slowest[1])}` : '—'}), start-up + imports ${seconds(elapsed - grid.computeSeconds)}`,
      `CPU ${seconds(grid.cpuSeconds)} (all threads)`,
      `gelu erf: ${grid.erf}`,
      `${grid.cells.length} cells`,
    ],
    cells: grid.cells,
  };
}

/** (e): the CLI end to end, spawn → exit. */
function runCli(cliPath: string): Row {
  const args = [cliPath, 'sweep', 'schemes', '--depth', String(JOB.depth), '--width', String(JOB.width), '--json'];
  if (QUICK) args.push('--batch', String(JOB.batch));
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const elapsed = (performance.now() - start) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`init-lens sweep exited with ${child.status ?? child.signal}: ${(child.stderr || '').trim().split('\n').pop()}`);
  const json = JSON.parse(child.stdout) as {
    cells: { scheme: string; activation: string; forwardRatio: number | null; backwardRatio: number | null; engine: SweepEngine }[];
    complete: boolean;
    done: number;
    total: number;
    elapsedMs: number;
    request: SchemesSweepRequest;
  };
  const same = json.request.batch === JOB.batch && json.request.draws === SWEEP_DRAWS.schemes && json.request.seed === SEED && json.request.monteCarlo === 'auto';
  return {
    tag: '(e)',
    label: `Init Lens CLI \`sweep schemes --json\` end to end (${defaultPoolSize()} workers)`,
    status: 'ok',
    seconds: elapsed,
    notes: [
      json.complete ? `complete (${json.done}/${json.total} runs)` : `INCOMPLETE (${json.done}/${json.total})`,
      `cells: ${engineCounts(json.cells)}`,
      `sweep itself ${seconds(json.elapsedMs / 1000)}, node start + pool start + JSON ${seconds(elapsed - json.elapsedMs / 1000)}`,
      same ? 'same request as (b)' : `DIFFERENT request: batch ${json.request.batch}, draws ${json.request.draws}, seed ${json.request.seed}`,
    ],
    // The JSON names an activation by its label, e.g. "leaky_relu(0.01)": the name is before the parameter.
    cells: json.cells.map((c) => ({ ...c, activation: c.activation.replace(/\(.*\)$/, '') })),
  };
}

async function startPool(size: number, workerPath: string): Promise<{ pool: SimulationPool; startSeconds: number }> {
  const start = performance.now();
  const pool = new SimulationPool({ size, workerPath });
  try {
    // Warm-up: start the workers and JIT every engine and activation on a tiny grid.
    await runSweep(request('auto', 3, 16, 4), poolRunner(pool));
  } catch (error) {
    await pool.dispose();
    throw error;
  }
  return { pool, startSeconds: (performance.now() - start) / 1000 };
}

type Cells = NonNullable<Row['cells']>;

function cellMap(cells: Cells): Map<string, Cells[number]> {
  return new Map(cells.map((c) => [`${c.scheme}|${c.activation}`, c]));
}

/** Largest relative difference of the ratios of two Init Lens runs of the same request. */
function maxRelativeDifference(x: Cells, y: Cells): number {
  const ys = cellMap(y);
  let worst = 0;
  for (const c of x) {
    const d = ys.get(`${c.scheme}|${c.activation}`);
    if (!d) return Infinity;
    for (const key of ['forwardRatio', 'backwardRatio'] as const) {
      const a = c[key];
      const b = d[key];
      if (a === null || b === null) {
        if (a !== b) return Infinity;
        continue;
      }
      const scale = Math.max(Math.abs(a), Math.abs(b));
      if (scale > 0) worst = Math.max(worst, Math.abs(a - b) / scale);
    }
  }
  return worst;
}

// ── The section.

export async function benchSweep(): Promise<string[]> {
  const sectionStart = performance.now();
  const lines: string[] = [];
  const loadStart = loadavg()[0];
  const cores = availableParallelism();
  const python = probePython();
  const script = join(baselinesDir(__dirname), 'schemes_grid.py');
  const cliPath = join(__dirname, '..', 'cli.js');
  const workerPath = join(__dirname, '..', 'worker.js');

  lines.push(
    `The job: ${SWEEP_SCHEMES.length} schemes × ${SWEEP_ACTIVATIONS.length} activations = ${GRID_SIZE} cells, each one network draw ` +
      `(seed ${SEED}), L=${JOB.depth}, n=${JOB.width}, B=${JOB.batch}: forward std(a_L)/std(a_1), backward std(δ_1)/std(δ_L)` +
      (QUICK ? '  [QUICK MODE: sizes shrunk, timings meaningless]' : ''),
  );
  lines.push(
    `machine: ${cores} cores, node ${process.version}, ` +
      (python.ok ? `${python.command} ${python.python}, numpy ${python.numpy} (its default BLAS threads)` : `python: ${python.reason}`) +
      `; load average ${loadStart.toFixed(2)} at start (shared machine)`,
  );
  if (!python.ok) lines.push(`(a), (a′), their ratios and the agreement check are SKIPPED: ${python.reason}. Set INIT_LENS_PYTHON to a python3 with numpy to run them.`);
  lines.push(
    'Times are wall clock, each row run once (the grid is heavy). (a), (a′) and (e) are spawn → exit of a child process; ' +
      '(b)–(d) time runSweep in this process, pools started and warmed on a tiny grid first (start-up reported, not charged).',
  );

  const attempt = async (tag: string, label: string, run: () => Row | Promise<Row>): Promise<Row> => {
    progress(`${tag} ${label}`);
    let row: Row;
    try {
      row = await run();
    } catch (error) {
      row = { tag, label, status: 'failed', reason: messageOf(error).split('\n')[0], notes: [] };
    }
    return row;
  };
  const poolStartups: string[] = [];
  const withPool = async (size: number, tag: string): Promise<Row> =>
    attempt(tag, `Init Lens auto, SimulationPool of ${size} worker${size > 1 ? 's' : ''}`, async () => {
      const { pool, startSeconds } = await startPool(size, workerPath);
      poolStartups.push(`${size} worker${size > 1 ? 's' : ''} ${seconds(startSeconds)}`);
      try {
        const label = `Init Lens auto, SimulationPool of ${size} worker${size > 1 ? 's' : ''}`;
        return sweepRow(tag, label, await timeSweep(request('auto'), poolRunner(pool)), size === 1);
      } finally {
        await pool.dispose();
      }
    });

  // (a), (b) and (e) back to back: load from other users of this machine drifts within minutes.
  const numpyRow = (tag: string, label: string, env?: Record<string, string>): Promise<Row> | Row =>
    python.ok
      ? attempt(tag, label, () => runNumpy(python, script, tag, label, env))
      : { tag, label, status: 'skipped', reason: python.reason, notes: [] };
  const a = await numpyRow('(a)', 'numpy loops (schemes_grid.py), default BLAS threads');
  const b = await withPool(2, '(b)');
  const e = await attempt('(e)', 'Init Lens CLI', () => runCli(cliPath));
  const c = await withPool(1, '(c)');
  const d = await attempt('(d)', "Init Lens policy 'mean-field', in process", async () => {
    await runSweep(request('mean-field', 3, 16, 4), inProcessRunner()); // warm-up (JIT)
    return sweepRow('(d)', "Init Lens policy 'mean-field', in process", await timeSweep(request('mean-field'), inProcessRunner()), true);
  });
  // Last: it explains (a), it is not a row users run.
  const a1 = await numpyRow('(a′)', 'the same, BLAS pinned to 1 thread', ONE_BLAS_THREAD);
  if (poolStartups.length > 0) lines.push(`SimulationPool start-up + warm-up sweep (not charged to the rows): ${poolStartups.join(', ')}`);

  // ── The table.
  const reference = a.status === 'ok' ? (a.seconds as number) : null;
  const pinned = a1.status === 'ok' ? (a1.seconds as number) : null;
  const order = [a, a1, b, c, d, e];
  lines.push('');
  lines.push(`  ${pad('row', 66)} ${pad('seconds', 9)} ${pad('vs (a)', 14)} ${pad('vs (a′)', 14)} notes`);
  const line = (name: string, t: number, row: Row, notes: string[]) =>
    lines.push(
      `  ${pad(name, 66)} ${pad(seconds(t), 9)} ${pad(reference === null ? '—' : row === a ? '(baseline)' : versus(reference, t), 14)} ` +
        `${pad(pinned === null ? '—' : row === a1 ? '(baseline′)' : versus(pinned, t), 14)} ${notes.join('; ')}`,
    );
  for (const row of order) {
    const name = `${row.tag} ${row.label}`;
    if (row.status === 'skipped') {
      lines.push(`  ${pad(name, 66)} SKIPPED: ${row.reason}`);
      continue;
    }
    if (row.status === 'failed') {
      lines.push(`  ${pad(name, 66)} FAILED: ${row.reason}`);
      continue;
    }
    if (row.heatmapSeconds !== undefined) line(`${name}: full heatmap`, row.heatmapSeconds, row, row.notes.slice(-1));
    line(`${name}${row.heatmapSeconds !== undefined ? ': complete' : ''}`, row.seconds as number, row, row.heatmapSeconds !== undefined ? row.notes.slice(0, -1) : row.notes);
  }
  if (b.status === 'ok' && c.status === 'ok') {
    lines.push(`  scaling: 2 workers vs 1 to completion ×${((c.seconds as number) / (b.seconds as number)).toFixed(2)} (ideal ×2 on ${cores} idle cores)`);
  }
  // Same request, same seeds: pooled, in-process and CLI runs must give the same numbers.
  if (b.cells) {
    const checks = [c, e].filter((r) => r.status === 'ok' && r.cells).map((r) => {
      const diff = maxRelativeDifference(b.cells as Cells, r.cells as Cells);
      return `${r.tag} ${diff === 0 ? 'identical' : diff < 1e-12 ? 'identical to rounding' : diff === Infinity ? 'DIFFERENT (missing or null cells)' : `DIFFERENT (max rel diff ${diff.toExponential(1)})`}`;
    });
    if (checks.length > 0) lines.push(`  same request, same seeds: every cell's ratios against (b): ${checks.join(', ')}`);
  }

  // ── Same question? A few cells side by side, then the forward verdict classes over the grid.
  if (a.cells && b.cells) {
    const ours = cellMap(b.cells);
    const theirs = cellMap(a.cells);
    lines.push('');
    lines.push(`Same question: (a) numpy vs (b) Init Lens auto, one draw per cell each (different generators and seeds), and (b)'s mean-field line`);
    lines.push(`  ${pad('cell', 22)} ${pad('numpy fwd', 10)} ${pad('bwd', 10)} ${pad('Init Lens fwd', 14)} ${pad('bwd', 10)} ${pad('engine', 12)} ${pad('mean-field fwd', 15)} bwd`);
    for (const [scheme, activation] of SAMPLE_CELLS) {
      const x = theirs.get(`${scheme}|${activation}`);
      const y = ours.get(`${scheme}|${activation}`);
      lines.push(
        `  ${pad(`${scheme} × ${activation}`, 22)} ${pad(ratioText(x?.forwardRatio), 10)} ${pad(ratioText(x?.backwardRatio), 10)} ` +
          `${pad(ratioText(y?.forwardRatio), 14)} ${pad(ratioText(y?.backwardRatio), 10)} ${pad(y?.engine ?? '—', 12)} ` +
          `${pad(y?.meanField ? ratioText(y.meanField.forwardRatio) : '—', 15)} ${y?.meanField ? ratioText(y.meanField.backwardRatio) : '—'}`,
      );
    }
    let agree = 0;
    let bothNotFormed = 0;
    const disagreements: string[] = [];
    for (const x of a.cells) {
      const y = ours.get(`${x.scheme}|${x.activation}`);
      const cx = verdictClass(x.forwardRatio);
      const cy = verdictClass(y?.forwardRatio);
      if (cx === cy) {
        agree++;
        if (cx === 'not formed') bothNotFormed++;
      } else {
        disagreements.push(`${x.scheme} × ${x.activation} (numpy ${ratioText(x.forwardRatio)}, Init Lens ${ratioText(y?.forwardRatio)})`);
      }
    }
    lines.push(
      `  forward verdict class (vanishing < ${VANISHING_BELOW}, exploding > ${EXPLODING_ABOVE}, in between; "not formed" when 0/0): ` +
        `${agree}/${a.cells.length} cells agree` +
        (bothNotFormed > 0 ? ` (${bothNotFormed} of them not formed on both sides: zeros init)` : ''),
    );
    if (disagreements.length > 0) {
      lines.push(
        `  differ: ${disagreements.slice(0, MAX_LISTED).join('; ')}${disagreements.length > MAX_LISTED ? `; … ${disagreements.length - MAX_LISTED} more` : ''}`,
      );
    }
  }

  const loadEnd = loadavg()[0];
  const wall = (performance.now() - sectionStart) / 1000;
  lines.push('', `section wall time ${seconds(wall)}; load average ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end (${cores} cores)`);
  if (wall > EXPECTED_S) {
    lines.push(
      `NOTE: this section took ${(wall / 60).toFixed(1)} min, over the ${(EXPECTED_S / 60).toFixed(0)} min planned; nothing was shrunk to fit: ` +
        `every row ran the whole ${GRID_SIZE}-cell grid at L=${JOB.depth}, n=${JOB.width}, B=${JOB.batch}.`,
    );
  }
  if (Math.max(loadStart, loadEnd) > cores) {
    lines.push(
      `WARNING: this machine was busy (load average above its ${cores} cores): wall times include waiting for a CPU. ` +
        'Ratios between rows measured minutes apart are then rough; rerun on an idle machine for figures to quote.',
    );
  }
  return lines;
}
