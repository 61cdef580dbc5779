// Host side of the analysis worker. One worker, one request at a time (a document's analysis or a
// file text's sites); per document only the newest request waits (older ones resolve null: superseded). A worker that crashes or takes
// too long (pathological input) is replaced and the request fails with a clear error.

import { Worker } from 'node:worker_threads';
import type { AnalysisInput, AnalysisSettings } from './analyse';
import type { AnalysisRequest, AnalysisResponse } from './protocol';
import type { SourceSites } from './sourceAnalysis';
import type { DocumentAnalysis } from './types';

type Answer = DocumentAnalysis | SourceSites;

interface Pending {
  docKey: string;
  request: AnalysisRequest;
  /** null: superseded or disposed. */
  resolve: (answer: Answer | null) => void;
  reject: (error: Error) => void;
}

export interface AnalysisClientOptions {
  workerPath: string;
  /** A request still running after this long is abandoned and its worker replaced. */
  timeoutMs?: number;
}

export class AnalysisClient {
  private worker: Worker | null = null;
  private inFlight: (Pending & { timer: NodeJS.Timeout }) | null = null;
  private readonly waiting = new Map<string, Pending>();
  private nextId = 1;
  private disposed = false;
  private readonly timeoutMs: number;

  constructor(private readonly options: AnalysisClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Resolves with the analysis, or null when a newer request for the same document replaced it. */
  analyse(docKey: string, version: number, input: AnalysisInput, settings: AnalysisSettings): Promise<DocumentAnalysis | null> {
    if (this.disposed) return Promise.reject(new Error('analysis worker: disposed'));
    return new Promise((resolve, reject) => {
      this.waiting.get(docKey)?.resolve(null);
      const request: AnalysisRequest = { kind: 'document', id: this.nextId++, version, input, settings };
      this.waiting.set(docKey, { docKey, request, resolve: (answer) => resolve(answer as DocumentAnalysis | null), reject });
      this.pump();
    });
  }

  /** The init sites and problems of a file's text (never superseded); rejects when disposed. */
  sites(file: string, text: string): Promise<SourceSites> {
    if (this.disposed) return Promise.reject(new Error('analysis worker: disposed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const settle = (answer: Answer | null) => (answer === null ? reject(new Error('analysis worker: disposed')) : resolve(answer as SourceSites));
      this.waiting.set(`sites#${id}`, { docKey: `sites#${id}`, request: { kind: 'sites', id, file, text }, resolve: settle, reject });
      this.pump();
    });
  }

  /** Drops a document's waiting request (closed document). */
  forget(docKey: string): void {
    this.waiting.get(docKey)?.resolve(null);
    this.waiting.delete(docKey);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.waiting.values()) p.resolve(null);
    this.waiting.clear();
    this.finish(null);
    void this.worker?.terminate();
    this.worker = null;
  }

  private pump(): void {
    if (this.inFlight || this.disposed) return;
    const next = this.waiting.values().next();
    if (next.done) return;
    const pending = next.value;
    this.waiting.delete(pending.docKey);
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.abandon(`analysis took longer than ${this.timeoutMs / 1000} s and was stopped`), this.timeoutMs);
    this.inFlight = { ...pending, timer };
    worker.postMessage(pending.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath);
    worker.unref();
    worker.on('message', (response: AnalysisResponse) => {
      const current = this.inFlight;
      if (!current || current.request.id !== response.id) return;
      this.finish(!response.ok ? { error: new Error(response.message) } : { answer: 'analysis' in response ? response.analysis : response.sites });
    });
    worker.on('error', (error) => this.replace(worker, `analysis worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.replace(worker, `analysis worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private replace(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.finish({ error: new Error(message) });
  }

  private abandon(message: string): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.finish({ error: new Error(message) });
  }

  private finish(outcome: { answer: Answer } | { error: Error } | null): void {
    const current = this.inFlight;
    this.inFlight = null;
    if (current) {
      clearTimeout(current.timer);
      if (outcome === null) current.resolve(null);
      else if ('answer' in outcome) current.resolve(outcome.answer);
      else current.reject(outcome.error);
    }
    if (!this.disposed) setImmediate(() => this.pump());
  }
}
