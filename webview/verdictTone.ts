// Badge tone per verdict, shared by every panel; the word itself is always shown, so colour is never the only cue.

import type { DirectionVerdict } from '../src/diagnose/verdict';

export const TONE: Readonly<Record<DirectionVerdict, 'good' | 'warn' | 'bad'>> = {
  healthy: 'good',
  drifting: 'warn',
  saturating: 'warn',
  dead: 'bad',
  vanishing: 'bad',
  exploding: 'bad',
  symmetric: 'bad',
};
