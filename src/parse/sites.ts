// Source text → InitSite[]: parse once, resolve imports and constants once, run every detector.

import { detectArraysSites } from './detectors/arrays';
import { detectFlaxSites } from './detectors/flax';
import { detectKerasSites } from './detectors/keras';
import { detectTorchSites } from './detectors/torch';
import type { DetectContext, Detector } from './detect';
import { Scope } from './evaluate';
import { collectImports } from './imports';
import { overrideAt } from './override';
import { parsePython } from './syntax';
import type { InitSite } from './types';

const DETECTORS: Detector[] = [detectArraysSites, detectTorchSites, detectKerasSites, detectFlaxSites];

export interface FindOptions {
  file?: string;
  cell?: number;
}

export function findInitSites(source: string, options: FindOptions = {}): InitSite[] {
  try {
    return findSites(source, options);
  } catch (error) {
    // Lezer's tree building and the tree walkers recurse once per nesting level, so pathological
    // nesting (10 000 open brackets) can overflow the stack. Such text holds no site worth a crash.
    if (error instanceof RangeError) return [];
    throw error;
  }
}

function findSites(source: string, options: FindOptions): InitSite[] {
  const file = parsePython(source);
  const imports = collectImports(file);
  const ctx: DetectContext = { file, imports, scope: new Scope(file, imports) };
  const seen = new Set<string>();
  const sites: InitSite[] = [];
  for (const detect of DETECTORS) {
    for (const site of detect(ctx)) {
      const key = `${site.range.from}:${site.range.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const override = overrideAt(file, site.range.start.line);
      sites.push({
        ...site,
        ...(options.file !== undefined ? { file: options.file } : {}),
        ...(options.cell !== undefined ? { cell: options.cell } : {}),
        ...(override ? { override } : {}),
      });
    }
  }
  return sites.sort((a, b) => a.range.from - b.range.from);
}
