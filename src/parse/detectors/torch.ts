// Placeholder: being written.
import type { DetectContext } from '../detect';
import type { InitSite } from '../types';

export function detectTorchSites(_ctx: DetectContext): InitSite[] {
  return [];
}
