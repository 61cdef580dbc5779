// The analysis worker: parses documents, builds their networks and runs mean-field, so the
// extension host thread never parses or integrates (design.md §7).

import { parentPort } from 'node:worker_threads';
import { analyseSource } from './analyse';
import { writeFix } from './fixWriter';
import type { AnalysisRequest, AnalysisResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis worker: must run in a worker thread');
port.on('message', (request: AnalysisRequest) => {
  let response: AnalysisResponse;
  try {
    const analysis = analyseSource(request.input, request.settings, writeFix);
    response = { id: request.id, ok: true, analysis: { version: request.version, ...analysis } };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
