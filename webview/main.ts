// Webview entry (browser bundle). The chart panel arrives with the editor issue; until then
// it renders the verdict and per-layer std it is sent, after announcing it is ready.

import type { SimulationResult } from '../src/core/types';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type HostMessage = { type: 'result'; result: SimulationResult; summary: string };

const vscode = acquireVsCodeApi();
window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message?.type !== 'result') return;
  const root = document.getElementById('root');
  if (!root) return;
  root.textContent = '';
  const summary = document.createElement('p');
  summary.textContent = message.summary;
  const list = document.createElement('ol');
  for (const layer of message.result.layers) {
    const item = document.createElement('li');
    item.textContent = `std ${layer.forward.std.toPrecision(3)}, δ std ${layer.backward?.preGradStd.toPrecision(3) ?? '–'}`;
    list.append(item);
  }
  root.append(summary, list);
});
vscode.postMessage({ type: 'ready' });
