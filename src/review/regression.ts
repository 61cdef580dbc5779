// Judging a change: did it make a verdict worse, and which problems does a site have now.
// Rank: healthy < drifting < any problem verdict (vanishing, exploding, saturating, dead, symmetric).

import { isProblem, type DirectionVerdict } from '../diagnose/verdict';
import type { SiteOutcome } from '../analysis/quickSimulation';
import type { FailOnName, ReviewReport, ReviewedSite, SiteVersion } from './types';

export const FAIL_ON_NAMES: readonly FailOnName[] = ['vanishing', 'exploding', 'saturating', 'dead', 'symmetric', 'regressed'];

/** Problem verdicts, most severe first (the order the rule of a SARIF result is picked in). */
export const PROBLEM_ORDER: readonly DirectionVerdict[] = ['symmetric', 'exploding', 'vanishing', 'dead', 'saturating'];

export function verdictRank(verdict: DirectionVerdict): number {
  if (verdict === 'healthy') return 0;
  if (verdict === 'drifting') return 1;
  return 2;
}

/**
 * Worse after than before in either direction. A site that is new (or could not be simulated
 * before) regressed when it now has a problem; a removed site, or one that cannot be simulated
 * after the change, never counts.
 */
export function isRegressed(before: SiteVersion | null, after: SiteVersion | null): boolean {
  const now = after?.outcome.verdict;
  if (!now) return false;
  const was = before?.outcome.verdict;
  if (!was) return isProblem(now.forward) || isProblem(now.backward);
  return verdictRank(now.forward) > verdictRank(was.forward) || verdictRank(now.backward) > verdictRank(was.backward);
}

/** The outcome's problem verdicts (forward first), without repeats. */
export function problemsOf(outcome: SiteOutcome): DirectionVerdict[] {
  if (!outcome.verdict) return [];
  return [...new Set([outcome.verdict.forward, outcome.verdict.backward])].filter(isProblem);
}

/** The most severe problem of the outcome, or null when it has none. */
export function primaryProblem(outcome: SiteOutcome): DirectionVerdict | null {
  const problems = problemsOf(outcome);
  return PROBLEM_ORDER.find((p) => problems.includes(p)) ?? null;
}

/** A change to the site itself: what CI gates on (moved and unchanged sites are context). */
export function isChange(site: ReviewedSite): boolean {
  return site.change === 'added' || site.change === 'modified' || site.change === 'removed';
}

/**
 * Sites that have a problem after the change and that the change touched (added or modified),
 * plus, with `all`, problems the change left as they were: what SARIF and annotations report.
 */
export function problemSites(report: ReviewReport): ReviewedSite[] {
  return report.sites.filter((s) => s.after !== null && s.change !== 'removed' && primaryProblem(s.after.outcome) !== null);
}

/**
 * Whether `--fail-on` matches: a verdict name matches a site the change added or modified whose
 * verdict after the change has it (either direction); `regressed` matches any regressed site.
 */
export function failsOn(report: ReviewReport, failOn: ReadonlySet<FailOnName>): boolean {
  return report.sites.some((s) => {
    if (failOn.has('regressed') && s.regressed) return true;
    if (!isChange(s) || !s.after?.outcome.verdict) return false;
    const { forward, backward } = s.after.outcome.verdict;
    return failOn.has(forward) || failOn.has(backward);
  });
}
