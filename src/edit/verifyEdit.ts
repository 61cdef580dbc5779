// The safety net under every rewrite: apply the edits, read the result again with the same
// site finder, and accept only if the site there now initializes with the requested variance,
// the code still parses as well as before, and no other site changed.

import type { SourceEdit } from '../analysis/types';
import { distributionMoments, resolveInit } from '../core/schemes';
import type { InitSpec } from '../core/types';
import { findInitSites } from '../parse/sites';
import { parsePython } from '../parse/syntax';
import type { InitSite } from '../parse/types';

export type VerifyResult =
  | {
      ok: true;
      /** The site as read back from the edited text. */
      site: InitSite;
      edited: string;
      /**
       * How it was checked: 'std' against the site's own fans, 'scheme' at sample fans (the
       * site's fans are unknown but its init is a fan formula), 'form' when the new scale is an
       * expression over names the reader cannot resolve (the draw and its family still checked).
       */
      checked: 'std' | 'scheme' | 'form';
    }
  | { ok: false; reason: string };

export interface VerifyOptions {
  /** Reads a text's sites (default findInitSites); for a notebook cell see cellEditOptions. */
  reparse?: (edited: string) => InitSite[];
  /** The unedited text's sites, when the caller has them already. */
  sites?: readonly InitSite[];
}

/** Applies non-overlapping edits (offsets into `source`, any order). */
export function applyEdits(source: string, edits: readonly SourceEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.from < at || e.to < e.from || e.to > source.length) throw new Error(`overlapping or out-of-range edit ${e.from}–${e.to}`);
    out += source.slice(at, e.from) + e.newText;
    at = e.to;
  }
  return out + source.slice(at);
}

/** Where the edits' new texts lie in the edited text. */
function editedSpans(edits: readonly SourceEdit[]): { from: number; to: number }[] {
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  let delta = 0;
  return sorted.map((e) => {
    const span = { from: e.from + delta, to: e.from + delta + e.newText.length };
    delta += e.newText.length - (e.to - e.from);
    return span;
  });
}

/** Relative tolerance for "the same std": far above rounding, far below any real difference. */
const TOLERANCE = 1e-9;
/** Fans to compare fan formulas at when the site's own fans are unknown (unequal on purpose). */
const SAMPLE_FANS: [number, number][] = [
  [300, 170],
  [64, 1000],
];

export function verifyEdit(site: InitSite, source: string, edits: readonly SourceEdit[], init: InitSpec, options: VerifyOptions = {}): VerifyResult {
  const reparse = options.reparse ?? ((text: string) => findInitSites(text));
  if (edits.length === 0) return { ok: false, reason: 'nothing to change' };
  let edited: string;
  try {
    edited = applyEdits(source, edits);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (errorNodes(edited) > errorNodes(source)) return { ok: false, reason: 'the rewritten code would not parse' };

  const before = options.sites ?? reparse(source);
  const after = reparse(edited);
  const spans = editedSpans(edits);
  const touches = (s: InitSite) => spans.some((sp) => s.range.from <= sp.to && sp.from <= s.range.to);
  const candidates = after.filter(touches);
  if (candidates.length !== 1) {
    return { ok: false, reason: candidates.length === 0 ? 'the rewritten code is no longer read as an init site' : 'the rewrite touches more than one init site' };
  }
  const found = candidates[0];

  // Every other site must still read back with the same text: nothing else was rewritten or
  // lost. New ones may appear (an initializer bound to a name that is no longer used).
  const remaining = new Map<string, number>();
  for (const s of after) if (s !== found) remaining.set(s.text, (remaining.get(s.text) ?? 0) + 1);
  for (const s of before) {
    if (s.range.from === site.range.from && s.range.to === site.range.to) continue;
    const left = remaining.get(s.text) ?? 0;
    if (left === 0) return { ok: false, reason: 'the rewrite would change how other init sites are read' };
    remaining.set(s.text, left - 1);
  }
  if (found.framework !== site.framework) return { ok: false, reason: `the rewritten code reads as ${found.framework}, not ${site.framework}` };
  for (const fan of ['fanIn', 'fanOut'] as const) {
    const was = site.context[fan]?.value;
    const now = found.context[fan]?.value;
    if (was !== undefined && now !== undefined && was !== now) {
      return { ok: false, reason: `the rewrite would change the ${fan === 'fanIn' ? 'fan_in' : 'fan_out'} the init sees (${was} → ${now})` };
    }
  }

  // The requested init on this layer: a conv keeps its receptive field and groups.
  const wanted: InitSpec = { ...init, ...layerShape(found.init) };
  const fanIn = found.context.fanIn?.value ?? site.context.fanIn?.value;
  const fanOut = found.context.fanOut?.value ?? site.context.fanOut?.value;
  const readStd = typeof found.params.std === 'number' ? found.params.std : undefined;
  const scaleKnown = !hasUnresolvedScale(found);
  if (fanIn !== undefined && fanOut !== undefined && scaleKnown) {
    const expected = momentsOf(wanted, fanIn, fanOut);
    const read = momentsOf(found.init, fanIn, fanOut);
    const got = readStd !== undefined && read ? { std: readStd, mean: read.mean } : read;
    if (!expected || !got) return { ok: false, reason: 'the rewritten init cannot be resolved on this layer' };
    if (!same(got.std, expected.std) || !same(got.mean, expected.mean, expected.std)) {
      return { ok: false, reason: `the rewritten code reads as std ${got.std.toPrecision(4)}, not ${expected.std.toPrecision(4)}` };
    }
    return { ok: true, site: found, edited, checked: 'std' };
  }
  if (scaleKnown) {
    // A fan formula (kaiming_normal_, 'he_normal', he_normal()) compared as a formula.
    for (const [i, o] of SAMPLE_FANS) {
      const expected = momentsOf(wanted, i, o);
      const got = momentsOf(found.init, i, o);
      if (!expected || !got || !same(got.std, expected.std) || !same(got.mean, expected.mean, expected.std)) {
        return { ok: false, reason: 'the rewritten init is not the requested one' };
      }
    }
    return { ok: true, site: found, edited, checked: 'scheme' };
  }
  // The scale is an expression over names the reader cannot resolve (function parameters,
  // pseudo-code): what is unresolved must be text this edit wrote, on a draw of the same family.
  const written = spans.map((sp) => edited.slice(sp.from, sp.to)).join('\n');
  if (found.init.scheme !== site.init.scheme) return { ok: false, reason: 'the rewritten draw changed its distribution' };
  const foreign = found.unresolved.filter((u) => !FAN_WORDS.has(u) && !written.includes(u));
  if (foreign.length > 0) return { ok: false, reason: `the rewritten scale cannot be read: ${foreign.join(', ')} is applied too` };
  return { ok: true, site: found, edited, checked: 'form' };
}

const FAN_WORDS = new Set(['fan_in', 'fan_out', 'depth']);

/** The parts of a site's InitSpec that describe the weight tensor, not the scheme. */
function layerShape(init: InitSpec): Partial<InitSpec> {
  return {
    ...(init.receptiveField !== undefined ? { receptiveField: init.receptiveField } : {}),
    ...(init.groups !== undefined ? { groups: init.groups } : {}),
  };
}

/** A draw whose scale is an expression the reader could not evaluate (its std is unknown). */
function hasUnresolvedScale(site: InitSite): boolean {
  const init = site.init;
  if (init.scheme === 'normal' || init.scheme === 'truncated_normal') return init.std === undefined;
  if (init.scheme === 'uniform') return init.low === undefined || init.high === undefined;
  return false;
}

function momentsOf(init: InitSpec, fanIn: number, fanOut: number): { mean: number; std: number } | null {
  try {
    const m = distributionMoments(resolveInit(init, fanIn, fanOut), fanIn, fanOut);
    return { mean: m.mean, std: Math.sqrt(m.variance) };
  } catch {
    return null;
  }
}

function same(a: number, b: number, scale = Math.abs(b)): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(scale, Number.MIN_VALUE);
}

function errorNodes(text: string): number {
  let n = 0;
  parsePython(text).tree.iterate({
    enter: (node) => {
      if (node.type.isError) n++;
    },
  });
  return n;
}
