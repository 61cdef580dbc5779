// Shared by the edit tests: find a site as the editor would, rewrite it, and check the rewrite
// reads back (verifyEdit) before comparing exact text.
import assert from 'node:assert/strict';
import type { ActivationSpec, InitSpec } from '../../../src/core/types';
import { applyEdits, verifyEdit } from '../../../src/edit/verifyEdit';
import { initEdit, type EditOptions, type InitEditResult } from '../../../src/edit/writeInit';
import { findInitSites } from '../../../src/parse/sites';
import type { InitSite } from '../../../src/parse/types';

export const RELU: ActivationSpec = { name: 'relu' };
export const HE: InitSpec = { scheme: 'he_normal', nonlinearity: 'relu' };
export const HE_UNIFORM: InitSpec = { scheme: 'he_uniform', nonlinearity: 'relu' };
export const XAVIER: InitSpec = { scheme: 'xavier_normal' };
export const LECUN: InitSpec = { scheme: 'lecun_normal' };
export const LEAKY: InitSpec = { scheme: 'he_normal', nonlinearity: 'leaky_relu', a: 0.2 };

/** The one site starting on 1-based `line` (whose text contains `containing`, if given). */
export function siteOn(source: string, line: number, containing?: string, sites: InitSite[] = findInitSites(source)): InitSite {
  const found = sites.filter((s) => s.range.start.line + 1 === line && (containing === undefined || s.text.includes(containing)));
  assert.equal(found.length, 1, `one site on line ${line}, got ${found.map((s) => s.text).join(' | ') || 'none'}`);
  return found[0];
}

export interface Rewritten extends InitEditResult {
  out: string;
}

/** Rewrites the site and checks the result independently with verifyEdit. */
export function rewrite(source: string, site: InitSite, init: InitSpec = HE, activation: ActivationSpec = RELU, options: EditOptions = {}): Rewritten {
  const result = initEdit(site, source, init, activation, options);
  if ('reason' in result) assert.fail(`expected a rewrite of "${site.text}", got the reason: ${result.reason}`);
  const verified = verifyEdit(site, source, result.edits, init, options.reparse ? { reparse: options.reparse } : {});
  assert.ok(verified.ok, `verifyEdit rejects the rewrite of "${site.text}": ${verified.ok ? '' : verified.reason}`);
  return { ...result, out: applyEdits(source, result.edits) };
}

/** Rewrites the site on `line` and returns that line (or lines `line`..`last`) of the result. */
export function rewrittenLine(source: string, line: number, init: InitSpec = HE, activation: ActivationSpec = RELU, containing?: string, last = line): string {
  const { out } = rewrite(source, siteOn(source, line, containing), init, activation);
  return out.split('\n').slice(line - 1, last).join('\n');
}

/** The reason initEdit gives for not rewriting the site on `line`. */
export function refusal(source: string, line: number, init: InitSpec = HE, containing?: string): string {
  const result = initEdit(siteOn(source, line, containing), source, init, RELU);
  assert.ok('reason' in result, `expected a reason, got ${'reason' in result ? '' : result.preview}`);
  return result.reason;
}
