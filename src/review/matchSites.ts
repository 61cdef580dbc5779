// Pairs the init sites of a file's two versions and says what the change did to each pair.
// Identity is what a site initializes (its target, else its normalised text), as in
// analysis/siteKey.ts, but equals are told apart by where the line diff puts them rather than
// by ordinal, so an inserted twin does not shift every match below it. Sites whose identity
// changed (a targetless line edited in place) are then paired by place and text similarity.

import { siteLayers } from '../model/network';
import type { InitSite } from '../parse/types';
import type { LineMap } from './lineMap';
import { simulationKey } from '../analysis/quickSimulation';
import type { ChangeAspect, ChangeKind, SiteVersion } from './types';

/** What matching and classifying look at: a site version before it is simulated. */
export type SiteDraft = Pick<SiteVersion, 'file' | 'site' | 'network'>;

/** A site version with its line in the analysed text (for notebooks, the cells joined). */
export interface Positioned<V extends SiteDraft> {
  version: V;
  position: number;
}

export interface SitePair<V extends SiteDraft> {
  before: V | null;
  after: V | null;
}

/** Leftover sites this many lines apart (after mapping) or closer pair even when their text differs. */
const SAME_PLACE = 2;
/** Leftover sites pair when at least this similar and within NEARBY lines, or this much anywhere. */
const SIMILAR = 0.5;
const NEARBY = 12;
const NEARLY_IDENTICAL = 0.85;

export function matchSites<V extends SiteDraft>(before: readonly Positioned<V>[], after: readonly Positioned<V>[], map: LineMap): SitePair<V>[] {
  const pairedBefore = new Set<number>();
  const pairedAfter = new Set<number>();
  const pairs: [number, number][] = [];
  const take = (candidates: { b: number; a: number; score: number }[]) => {
    candidates.sort((x, y) => y.score - x.score || x.b - y.b || x.a - y.a);
    for (const { b, a } of candidates) {
      if (pairedBefore.has(b) || pairedAfter.has(a)) continue;
      pairedBefore.add(b);
      pairedAfter.add(a);
      pairs.push([b, a]);
    }
  };
  const distance = (b: number, a: number) => Math.abs(map(before[b].position) - after[a].position);

  // 1. Same identity: always the same site, the nearest ones paired first.
  const identities = new Map<string, number[]>();
  after.forEach((p, a) => {
    const id = identityOf(p.version.site);
    identities.set(id, [...(identities.get(id) ?? []), a]);
  });
  const sameIdentity: { b: number; a: number; score: number }[] = [];
  before.forEach((p, b) => {
    for (const a of identities.get(identityOf(p.version.site)) ?? []) sameIdentity.push({ b, a, score: -distance(b, a) });
  });
  take(sameIdentity);

  // 2. Identity changed: the same place, or similar text close by.
  const rest: { b: number; a: number; score: number }[] = [];
  before.forEach((pb, b) => {
    if (pairedBefore.has(b)) return;
    after.forEach((pa, a) => {
      if (pairedAfter.has(a)) return;
      const d = distance(b, a);
      const similarity = textSimilarity(pb.version.site.text, pa.version.site.text);
      const sameCellKind = (pb.version.site.cell === undefined) === (pa.version.site.cell === undefined);
      if (!sameCellKind) return;
      if (d <= SAME_PLACE || (d <= NEARBY && similarity >= SIMILAR) || similarity >= NEARLY_IDENTICAL) {
        rest.push({ b, a, score: similarity - 0.02 * Math.min(d, 50) + (d <= SAME_PLACE ? 1 : 0) });
      }
    });
  });
  take(rest);

  const result: SitePair<V>[] = pairs.map(([b, a]) => ({ before: before[b].version, after: after[a].version }));
  before.forEach((p, b) => {
    if (!pairedBefore.has(b)) result.push({ before: p.version, after: null });
  });
  after.forEach((p, a) => {
    if (!pairedAfter.has(a)) result.push({ before: null, after: p.version });
  });
  return result;
}

/** What the site initializes, else its text with whitespace runs collapsed. */
export function identityOf(site: InitSite): string {
  return site.target ?? site.text.replace(/\s+/g, ' ').trim();
}

/** Dice coefficient of the token multisets: 1 for the same tokens, 0 for none in common. */
export function textSimilarity(a: string, b: string): number {
  const tokens = (s: string) => s.match(/[A-Za-z_]\w*|\d+(?:\.\d*)?|\S/g) ?? [];
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length + tb.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of tb) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  return (2 * common) / (ta.length + tb.length);
}

/** added / removed for one-sided pairs; modified, moved or unchanged for matched ones. */
export function classifyPair(pair: SitePair<SiteDraft>): { change: ChangeKind; aspects: ChangeAspect[] } {
  const { before, after } = pair;
  if (!before) return { change: 'added', aspects: [] };
  if (!after) return { change: 'removed', aspects: [] };
  const aspects: ChangeAspect[] = [];
  if (initOf(before) !== initOf(after)) aspects.push('init');
  if (surroundingsOf(before) !== surroundingsOf(after)) aspects.push('network');
  // Anything else that changes what is simulated (it should not happen) still counts as the network.
  else if (aspects.length === 0 && simulatedOf(before) !== simulatedOf(after)) aspects.push('network');
  if (aspects.length > 0) return { change: 'modified', aspects };
  const samePlace = before.file === after.file && before.site.cell === after.site.cell && before.site.range.start.line === after.site.range.start.line;
  return { change: samePlace ? 'unchanged' : 'moved', aspects: [] };
}

function initOf(v: SiteDraft): string {
  const { site } = v;
  return JSON.stringify([site.framework, site.init, site.params, site.unresolved, site.implicit]);
}

/** The network around the site: shape, activations, batch and every other layer's init. */
function surroundingsOf(v: SiteDraft): string {
  const { network } = v;
  // Not simulatable: the reason is the init's (compared above) or the shape's (in the summary).
  if (network.network === null) return JSON.stringify([network.summary, network.batch]);
  const own = new Set(siteLayers(v.site, network.network.layers.length));
  const layers = network.network.layers.map((l, i) => ({ ...l, init: own.has(i) ? null : l.init }));
  return JSON.stringify([network.summary, network.batch, network.network.inputWidth, layers]);
}

function simulatedOf(v: SiteDraft): string {
  return v.network.network === null ? `not simulated: ${v.network.reason}` : simulationKey(v.network.network, v.network.batch);
}
