// Placeholder: being written.
import type { DetectContext } from '../detect';
import type { InitSite } from '../types';

export function detectFlaxSites(_ctx: DetectContext): InitSite[] {
  return [];
}
