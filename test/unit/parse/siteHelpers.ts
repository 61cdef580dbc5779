// Shared by the detector tests: one way to build a detector's context and compare sites.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectContext } from '../../../src/parse/detect';
import { Scope } from '../../../src/parse/evaluate';
import { collectImports } from '../../../src/parse/imports';
import { parsePython } from '../../../src/parse/syntax';
import type { InitSite } from '../../../src/parse/types';

export function detectContext(source: string): DetectContext {
  const file = parsePython(source);
  const imports = collectImports(file);
  return { file, imports, scope: new Scope(file, imports) };
}

/** A snippet from test/unit/parse/corpus/<family>/. */
export function corpusFile(family: string, name: string): string {
  return readFileSync(join('test/unit/parse/corpus', family, name), 'utf8');
}

/** A site parameter equal to `expected` to 1e-12 relative. */
export function close(actual: number | string | undefined, expected: number, message?: string): void {
  assert.equal(typeof actual, 'number', message ?? `expected a number near ${expected}, got ${String(actual)}`);
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), message ?? `${a} ≠ ${expected}`);
}

/** "784→512 relu" per layer of the site's stack. */
export function stackOf(site: InitSite): string[] {
  return (site.context.stack?.value ?? []).map((l) => `${l.fanIn}→${l.fanOut} ${l.activation.name}${l.activation.param !== undefined ? `(${l.activation.param})` : ''}`);
}

/** 1-based line of the site, as editors show it. */
export const lineOf = (site: InitSite) => site.range.start.line + 1;
