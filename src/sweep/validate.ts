// Every message from the sweep panel is untrusted input: checked field by field, the first
// problem named with its allowed range, and a fresh copy holding only the known fields returned.

import { field, invalid, typeOf as describe, type Json } from '../panel/messageFields';
import { validateExport } from '../panel/validate';
import type { FromSweepPanel } from './protocol';

const MESSAGE_TYPES = ['ready', 'openCell', 'openPoint', 'export', 'cancel', 'reveal', 'rendered'] as const;
const MAX_DRAWN = 1_000_000;
const MAX_NAME = 200;

export function validateFromSweepPanel(message: unknown): FromSweepPanel {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw invalid('message', 'an object', describe(message));
  const m = message as Json;
  const type = field(m, 'type');
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw invalid('message.type', `one of ${MESSAGE_TYPES.join(', ')}`, describe(type));
  }
  switch (type as (typeof MESSAGE_TYPES)[number]) {
    case 'ready':
    case 'cancel':
    case 'reveal':
      return { type: type as 'ready' | 'cancel' | 'reveal' };
    case 'openCell':
      return { type: 'openCell', scheme: name('message.scheme', field(m, 'scheme')), activation: name('message.activation', field(m, 'activation')) };
    case 'openPoint': {
      const value = field(m, 'value');
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid('message.value', 'a finite number > 0', describe(value));
      return { type: 'openPoint', value };
    }
    case 'export':
      return validateExport(m);
    case 'rendered': {
      const complete = field(m, 'complete');
      if (typeof complete !== 'boolean') throw invalid('message.complete', 'true or false', describe(complete));
      return { type: 'rendered', charts: count('message.charts', field(m, 'charts')), drawn: count('message.drawn', field(m, 'drawn')), done: count('message.done', field(m, 'done')), complete };
    }
  }
}

function count(path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DRAWN) throw invalid(path, `an integer from 0 to ${MAX_DRAWN}`, describe(value));
  return value;
}

function name(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME) throw invalid(path, `a string of 1 to ${MAX_NAME} characters`, describe(value));
  return value;
}
