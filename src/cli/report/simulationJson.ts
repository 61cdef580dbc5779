// The `simulate --json` object: one stable shape that scripts and later views consume.

import { resolveInit } from '../../core/schemes';
import type { SimulationResult } from '../../core/types';
import type { Verdict } from '../../diagnose/verdict';

export function simulationJson(result: SimulationResult, verdict: Verdict) {
  const { network, options } = result.config;
  const first = network.layers[0];
  return {
    config: {
      init: first.init,
      weights: resolveInit(first.init, first.fanIn, first.fanOut),
      activation: first.activation,
      width: network.inputWidth,
      depth: network.layers.length,
      widths: [network.inputWidth, ...network.layers.map((l) => l.fanOut)],
      ...options,
    },
    engine: result.engine,
    engineReason: result.engineReason,
    layers: result.layers,
    meanField: result.meanField,
    overflow: result.overflow,
    verdict: {
      forward: verdict.forward,
      backward: verdict.backward,
      forwardRatio: verdict.forwardRatio,
      backwardRatio: verdict.backwardRatio,
      widthFactor: verdict.widthFactor,
      summary: verdict.summary,
      fix: verdict.fix,
    },
  };
}
