// A simulation worker thread (dist/worker.js), driven by SimulationPool. It runs one task at
// a time: a contiguous range of draws of a job, or a whole mean-field run. Cancellation and
// test crashes are read from shared memory at layer boundaries, because messages are not
// delivered while a task computes.

import { parentPort, workerData } from 'node:worker_threads';
import type { LayerProgress } from '../core/dense';
import { finishSimulation, planSimulation, runDraw } from '../core/simulate';
import { meanFieldForNetwork } from '../core/theory';
import { crashRequestFromControl, crashWorker, isCrashRequest } from './crash';
import { JOB_RUNNING, type DrawsTask, type SimulateTask, type WorkerData, type WorkerRequest, type WorkerResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread (it is dist/worker.js, started by SimulationPool)');
const { control, testHooks } = workerData as WorkerData;

function post(response: WorkerResponse): void {
  port?.postMessage(response);
}

/** Polled by the engines at every layer boundary. */
function cancelCheck(cancelFlag: Int32Array): () => boolean {
  return () => {
    if (testHooks) crashRequestFromControl(control);
    return Atomics.load(cancelFlag, 0) !== JOB_RUNNING;
  };
}

/** About one progress message per frame: enough for a view, cheap for the host. */
const PROGRESS_INTERVAL_MS = 16;

function runDraws(task: DrawsTask): void {
  const { taskId, network, options, engine } = task;
  const isCancelled = cancelCheck(task.cancelFlag);
  for (let draw = task.firstDraw; draw < task.firstDraw + task.drawCount; draw++) {
    let steps: LayerProgress[] = [];
    // The first layer goes out at once, so a view can start drawing.
    let flushedAt = -Infinity;
    const flush = () => {
      if (steps.length > 0) post({ type: 'layers', taskId, draw, steps });
      steps = [];
      flushedAt = performance.now();
    };
    const onLayer = (progress: LayerProgress) => {
      steps.push(progress);
      if (performance.now() - flushedAt >= PROGRESS_INTERVAL_MS) flush();
    };
    const result = runDraw(network, options, engine, draw, { isCancelled, onLayer: task.layerProgress ? onLayer : undefined });
    flush();
    post({ type: 'draw', taskId, draw, result });
  }
  if (task.meanField && !isCancelled()) {
    post({ type: 'meanField', taskId, meanField: meanFieldForNetwork(network, options.batch) });
  }
}

function runSimulate(task: SimulateTask): void {
  const { network, options } = task;
  // The host validated already; planning again is cheap and keeps the worker self-contained.
  const plan = planSimulation(network, options);
  if (plan.engine !== 'mean-field') throw new Error(`a 'simulate' task runs the mean-field engine only, not ${plan.engine}`);
  const result = finishSimulation(network, options, plan, [], meanFieldForNetwork(network, options.batch));
  if (cancelCheck(task.cancelFlag)()) return;
  post({ type: 'result', taskId: task.taskId, result });
}

post({ type: 'ready' });

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'crash') {
    if (testHooks) crashWorker(request.mode);
    return;
  }
  try {
    if (request.type === 'draws') runDraws(request);
    else runSimulate(request);
    post({ type: 'done', taskId: request.taskId });
  } catch (error) {
    // A requested crash must escape as an uncaught exception, like a real one.
    if (isCrashRequest(error)) throw error;
    const info = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
    post({ type: 'failed', taskId: request.taskId, error: info });
  }
});
