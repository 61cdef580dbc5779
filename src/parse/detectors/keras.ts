// Keras / tf.keras sites: Dense and Conv layers (explicit or implicit glorot_uniform kernels) in
// Sequential models, functional chains and subclassed models, and standalone Keras initializers.
// The analysis is shared with the Flax and Haiku detectors (kerasAnalysis.ts).

import type { DetectContext } from '../detect';
import type { InitSite } from '../types';
import { layerFrameworkSites } from './kerasAnalysis';

export function detectKerasSites(ctx: DetectContext): InitSite[] {
  return layerFrameworkSites(ctx).filter((site) => site.framework === 'keras');
}
