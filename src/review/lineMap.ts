// Where an old line sits in the new text: the common prefix and suffix, plus lines that occur
// exactly once on each side (patience diff's anchors, kept in order), map exactly; lines between
// anchors keep their offset from the anchor above. Enough to tell "the same place, edited" from
// "somewhere else", in O(n log n) for files of any size.

/** Maps a 0-based line of the old text to the 0-based line it most likely became. */
export type LineMap = (oldLine: number) => number;

export function lineMapper(oldText: string, newText: string): LineMap {
  const before = oldText.split('\n').map((l) => l.trimEnd());
  const after = newText.split('\n').map((l) => l.trimEnd());
  const anchors = findAnchors(before, after);
  const olds = anchors.map(([o]) => o);
  return (line) => {
    // The last anchor at or above the line.
    let lo = 0;
    let hi = olds.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (olds[mid] <= line) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const next = anchors[at + 1];
    if (at < 0) return next ? Math.max(0, next[1] - (next[0] - line)) : line;
    const [o, n] = anchors[at];
    if (o === line) return n;
    const guess = n + (line - o);
    return next ? Math.max(n + 1, Math.min(guess, next[1] - 1)) : guess;
  };
}

/** Pairs [oldLine, newLine] of lines taken as unchanged, increasing on both sides. */
export function findAnchors(before: readonly string[], after: readonly string[]): [number, number][] {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;

  const anchors: [number, number][] = [];
  for (let i = 0; i < prefix; i++) anchors.push([i, i]);
  anchors.push(...uniqueAnchors(before, after, prefix, before.length - suffix, prefix, after.length - suffix));
  for (let k = suffix; k > 0; k--) anchors.push([before.length - k, after.length - k]);
  return anchors;
}

/** Lines unique (and not blank) on both sides of the middle part, longest increasing run of them. */
function uniqueAnchors(before: readonly string[], after: readonly string[], b0: number, b1: number, a0: number, a1: number): [number, number][] {
  const count = (lines: readonly string[], from: number, to: number) => {
    const seen = new Map<string, number>();
    for (let i = from; i < to; i++) {
      const l = lines[i];
      if (l.trim() === '') continue;
      seen.set(l, seen.has(l) ? -1 : i);
    }
    return seen;
  };
  const inBefore = count(before, b0, b1);
  const inAfter = count(after, a0, a1);
  const pairs: [number, number][] = [];
  for (const [line, o] of inBefore) {
    const n = inAfter.get(line);
    if (o >= 0 && n !== undefined && n >= 0) pairs.push([o, n]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  return longestIncreasing(pairs);
}

/** The longest subsequence of pairs (sorted by old line) whose new lines increase (patience sorting). */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = [];
  const previous = new Array<number>(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < pairs[i][1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const result: [number, number][] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) result.push(pairs[i]);
  return result.reverse();
}
