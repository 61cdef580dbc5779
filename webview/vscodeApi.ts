// The webview's side of the VS Code API: typed messages to the host and the persisted state.

import type { FromPanel } from '../src/panel/protocol';

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

/** `Message`: what this panel sends (the simulation panel's FromPanel unless said otherwise). */
export interface HostChannel<State, Message = FromPanel> {
  post(message: Message): void;
  getState(): State | undefined;
  setState(state: State): void;
}

/** acquireVsCodeApi may be called once per page: this is the one call. */
export function connectToHost<State, Message = FromPanel>(): HostChannel<State, Message> {
  const api = acquireVsCodeApi<State>();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
