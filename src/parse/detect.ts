// What every detector receives, and the one way to build a site.

import type { Scope } from './evaluate';
import type { ImportTable } from './imports';
import { rangeOf, textOf, type SourceFile, type SyntaxNode } from './syntax';
import type { Framework, InitSite, SiteContext } from './types';
import type { InitSpec } from '../core/types';

export interface DetectContext {
  file: SourceFile;
  imports: ImportTable;
  scope: Scope;
}

/** A detector finds the sites of one family of frameworks in a parsed file. */
export type Detector = (ctx: DetectContext) => InitSite[];

export interface SiteFields {
  framework: Framework;
  init: InitSpec;
  params?: Record<string, number | string>;
  unresolved?: string[];
  implicit?: boolean;
  target?: string;
  context?: SiteContext;
}

export function makeSite(ctx: DetectContext, node: SyntaxNode, fields: SiteFields): InitSite {
  return {
    range: rangeOf(ctx.file, node),
    framework: fields.framework,
    init: fields.init,
    params: fields.params ?? {},
    unresolved: fields.unresolved ?? [],
    implicit: fields.implicit ?? false,
    ...(fields.target !== undefined ? { target: fields.target } : {}),
    context: fields.context ?? {},
    text: textOf(ctx.file, node),
  };
}
