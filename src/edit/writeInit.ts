// The source-edit engine: rewrite one init site so it initializes with a given InitSpec, in
// the site's own framework idiom, keeping the rest of the code as it was. Every rewrite is
// read back (verifyEdit) before it is offered; when none verifies, the answer is a reason.

import type { FixProposal, SourceEdit } from '../analysis/types';
import type { ActivationSpec, InitSpec } from '../core/types';
import { recommendedInit } from '../diagnose/fixes';
import { findInitSites } from '../parse/sites';
import type { InitSite } from '../parse/types';
import { editContext, type Candidates, type EditContext, type EditOptions } from './context';
import { flaxCandidates, jaxCandidates } from './flaxIdiom';
import { haikuCandidates } from './haikuIdiom';
import { kerasCandidates } from './kerasIdiom';
import { arrayDrawCandidates } from './numpyIdiom';
import { oneLine } from './pyText';
import { torchCandidates } from './torchIdiom';
import { schemeWords } from './varianceRule';
import { applyEdits, verifyEdit, type VerifyResult } from './verifyEdit';

export type { EditOptions } from './context';

export interface InitEditResult {
  /** Non-overlapping, sorted by offset; offsets into the analysed text. */
  edits: SourceEdit[];
  /** The site's code after the edit, e.g. "nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')". */
  preview: string;
  /** The init as the new code states it, in words: "He normal", or "He uniform" where a uniform draw was kept. */
  scheme: string;
  /** How the read-back checked it (see VerifyResult). */
  checked: Extract<VerifyResult, { ok: true }>['checked'];
}

export function initEdit(site: InitSite, source: string, init: InitSpec, activation: ActivationSpec, options: EditOptions = {}): InitEditResult | { reason: string } {
  const ctx = editContext(site, source, activation, options);
  if ('reason' in ctx) return ctx;
  let candidates: Candidates;
  try {
    candidates = candidatesFor(ctx, init);
  } catch (error) {
    // An InitSpec the core rejects (NaN std, bad gain) is a reason, not a crash of the editor.
    return { reason: error instanceof Error ? error.message : String(error) };
  }
  if ('reason' in candidates) return candidates;
  // The unedited text is read once for all candidates.
  const reparse = options.reparse ?? ((text: string) => findInitSites(text));
  const verifyOptions = { reparse, sites: options.sites ?? reparse(source) };
  let firstFailure: string | null = null;
  for (const candidate of candidates) {
    if (applyEdits(source, candidate.edits) === source) return { reason: `it already initializes with ${schemeWords(candidate.written)}` };
    const verified = verifyEdit(site, source, candidate.edits, init, verifyOptions);
    if (verified.ok) {
      if (sameInit(verified.site, site)) return { reason: `it already initializes with ${schemeWords(candidate.written)}` };
      return {
        edits: [...candidate.edits].sort((a, b) => a.from - b.from),
        preview: verified.site.text,
        scheme: schemeWords(candidate.written),
        checked: verified.checked,
      };
    }
    firstFailure ??= verified.reason;
  }
  return { reason: `no safe rewrite: ${firstFailure ?? 'nothing to write'}` };
}

/** initEdit with the init recommended for the activation, as the one-click fix. */
export function fixEdit(site: InitSite, source: string, activation: ActivationSpec, options: EditOptions = {}): FixProposal | { reason: string } {
  const { init, label } = recommendedInit(activation);
  const edit = initEdit(site, source, init, activation, options);
  if ('reason' in edit) return edit;
  return { title: `Use ${edit.scheme}: ${oneLine(edit.preview)}`, label, edits: edit.edits };
}

/** The rewrite only respells the init the site already had (2.0 → 2, a quote style). */
function sameInit(now: InitSite, was: InitSite): boolean {
  if (now.unresolved.length > 0 || was.unresolved.length > 0) return false;
  const keys = new Set([...Object.keys(now.init), ...Object.keys(was.init)]) as Set<keyof InitSpec>;
  return [...keys].every((k) => now.init[k] === was.init[k]);
}

function candidatesFor(ctx: EditContext, init: InitSpec): Candidates {
  switch (ctx.site.framework) {
    case 'torch':
      return torchCandidates(ctx, init);
    case 'keras':
      return kerasCandidates(ctx, init);
    case 'flax':
      return flaxCandidates(ctx, init);
    case 'jax':
      return jaxCandidates(ctx, init);
    case 'haiku':
      return haikuCandidates(ctx, init);
    case 'numpy':
    case 'python':
    case 'pseudo':
      return arrayDrawCandidates(ctx, init);
  }
}
