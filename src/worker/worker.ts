// Runs simulations off the host thread. Cancellation arrives as a message and is checked
// between layers through a SharedArrayBuffer flag when the host provides one.

import { parentPort } from 'node:worker_threads';
import { CancelledError } from '../core/cancel';
import { simulate } from '../core/simulate';
import type { WorkerRequest, WorkerResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const cancelled = new Set<number>();

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    cancelled.add(request.id);
    return;
  }
  const { id } = request;
  const post = (response: WorkerResponse) => port.postMessage(response);
  try {
    const result = simulate(request.network, request.options, {
      isCancelled: () => cancelled.has(id),
      onDraw: (done, total) => post({ type: 'progress', id, done, total }),
    });
    post({ type: 'result', id, result });
  } catch (error) {
    post({ type: 'error', id, message: error instanceof Error ? error.message : String(error), cancelled: error instanceof CancelledError });
  } finally {
    cancelled.delete(id);
  }
});
