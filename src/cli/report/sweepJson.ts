// `init-lens sweep --json`: one object per sweep, the documented keys first.

import type { SweepResult } from '../../sweep/types';

export function sweepJson(result: SweepResult): Record<string, unknown> {
  const status = { complete: result.complete, done: result.done, total: result.total, engineNote: result.engineNote, elapsedMs: result.elapsedMs };
  switch (result.kind) {
    case 'schemes':
      return {
        kind: result.kind,
        cells: result.cells.map((c) => ({
          scheme: c.scheme,
          activation: c.activation,
          forwardRatio: c.forwardRatio,
          backwardRatio: c.backwardRatio,
          verdict: c.verdict,
          engine: c.engine,
          meanField: c.meanField,
          schemeLabel: c.schemeLabel,
          init: c.init,
          summary: c.summary,
        })),
        ...status,
        request: result.request,
      };
    case 'gain':
      return {
        kind: result.kind,
        activation: result.activation,
        points: result.points,
        criticalGain: result.criticalGain,
        criticalGains: result.criticalGains,
        currentGain: result.currentGain,
        ...status,
        request: result.request,
      };
    case 'depth':
      return { kind: result.kind, points: result.points, depthScale: result.depthScale, chi1: result.chi1, ...status, request: result.request };
    case 'width':
      return { kind: result.kind, points: result.points, predictionNote: result.predictionNote, ...status, request: result.request };
  }
}
