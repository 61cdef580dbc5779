// The analysis worker: parses documents, builds their networks and runs mean-field, and finds the
// sites of any file text (a review's two versions), so the extension host thread never parses or
// integrates (design.md §7).

import { parentPort } from 'node:worker_threads';
import { analyseSource } from './analyse';
import { writeFix } from './fixWriter';
import { analyseSource as sitesOfSource } from './sourceAnalysis';
import type { AnalysisRequest, AnalysisResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis worker: must run in a worker thread');
port.on('message', (request: AnalysisRequest) => {
  let response: AnalysisResponse;
  try {
    if (request.kind === 'sites') {
      response = { id: request.id, ok: true, sites: sitesOfSource(request.file, request.text) };
    } else {
      const analysis = analyseSource(request.input, request.settings, writeFix);
      response = { id: request.id, ok: true, analysis: { version: request.version, ...analysis } };
    }
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
