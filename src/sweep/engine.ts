// The one entry point for sweeps: validate the request whole, then run the kind asked for.

import type { SweepHooks } from './common';
import { runDepthSweep } from './depthSweep';
import { runGainSweep } from './gainSweep';
import type { SweepRunner } from './runner';
import { runSchemesSweep } from './schemesSweep';
import type { SweepRequest, SweepResult } from './types';
import { validateSweepRequest } from './validateRequest';
import { runWidthSweep } from './widthSweep';

export type { SweepHooks } from './common';

/**
 * Runs a sweep. Bad input throws InputError before anything runs. Cancelling (hooks.signal)
 * resolves with what was computed and complete = false; a failed simulation rejects, after
 * onPartial has delivered everything finished before it.
 */
export async function runSweep(request: SweepRequest, runner: SweepRunner, hooks: SweepHooks = {}): Promise<SweepResult> {
  validateSweepRequest(request);
  switch (request.kind) {
    case 'schemes':
      return runSchemesSweep(request, runner, hooks);
    case 'gain':
      return runGainSweep(request, runner, hooks);
    case 'depth':
      return runDepthSweep(request, runner, hooks);
    case 'width':
      return runWidthSweep(request, runner, hooks);
  }
}
