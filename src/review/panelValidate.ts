// Every message from the review panel is untrusted input (a webview is a browser page): checked
// field by field, the first problem named with its allowed range, and a fresh copy holding only
// the known fields returned. Exports go through the simulation panel's own check.

import { field, invalid, typeOf as describe, type Json } from '../panel/messageFields';
import { validateExport } from '../panel/validate';
import type { FromReviewPanel } from './panelProtocol';

const MESSAGE_TYPES = ['ready', 'reveal', 'export', 'rendered'] as const;
/** More rows or charts than any review lists. */
const MAX_DRAWN = 100_000;

/** `siteCount`: how many sites the panel's current report lists (a reveal must pick one of them). */
export function validateFromReviewPanel(message: unknown, siteCount: number): FromReviewPanel {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw invalid('message', 'an object', describe(message));
  const m = message as Json;
  const type = field(m, 'type');
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw invalid('message.type', `one of ${MESSAGE_TYPES.join(', ')}`, describe(type));
  }
  switch (type as (typeof MESSAGE_TYPES)[number]) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      if (siteCount <= 0) throw invalid('message.site', 'absent: this panel lists no site', describe(field(m, 'site')));
      return { type: 'reveal', site: integer('message.site', field(m, 'site'), 0, siteCount - 1) };
    }
    case 'export':
      return validateExport(m);
    case 'rendered':
      return { type: 'rendered', rows: integer('message.rows', field(m, 'rows'), 0, MAX_DRAWN), charts: integer('message.charts', field(m, 'charts'), 0, MAX_DRAWN) };
  }
}

function integer(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(path, `an integer from ${min} to ${max}`, describe(value));
  return value;
}
