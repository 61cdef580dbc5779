// Flax (linen and nnx) layers with their lecun_normal default, standalone jax.nn.initializers
// (framework 'jax'), and Haiku layers and initializers (haiku.ts). The analysis is shared with
// the Keras detector (kerasAnalysis.ts).

import type { DetectContext } from '../detect';
import type { InitSite } from '../types';
import { layerFrameworkSites } from './kerasAnalysis';

const FRAMEWORKS = new Set(['flax', 'jax', 'haiku']);

export function detectFlaxSites(ctx: DetectContext): InitSite[] {
  return layerFrameworkSites(ctx).filter((site) => FRAMEWORKS.has(site.framework));
}
