// A site's identity within its document. Keyed by what the site initializes (or its text) and
// its ordinal among equals, not by line: an edit above a site must not make its jobs, cached
// results and open panel lose track of it.

import type { InitSite } from '../parse/types';

export function siteKeys(sites: readonly InitSite[]): string[] {
  const seen = new Map<string, number>();
  return sites.map((site) => {
    const base = `${site.cell ?? ''}|${site.target ?? site.text.replace(/\s+/g, ' ')}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}
