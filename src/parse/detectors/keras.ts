// Placeholder: being written.
import type { DetectContext } from '../detect';
import type { InitSite } from '../types';

export function detectKerasSites(_ctx: DetectContext): InitSite[] {
  return [];
}
