// What reading code produces: init sites with their normalized scheme and what the
// surrounding code says about the network (design.md §5).

import type { ActivationSpec, InitSpec, LayerSpec } from '../core/types';

export type Framework = 'numpy' | 'torch' | 'keras' | 'flax' | 'jax' | 'haiku' | 'python' | 'pseudo';

/** 0-based line and column, as editors count; the CLI prints line + 1. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  from: number;
  to: number;
  start: Position;
  end: Position;
}

/** A fact inferred from the code, with where it came from (shown to the user). */
export interface Inferred<T> {
  value: T;
  source: string;
}

export interface SiteContext {
  /** Number of weight layers (z = a·W steps) in the network this site belongs to. */
  depth?: Inferred<number>;
  /** This layer's fans, from the shape or the layer constructor. */
  fanIn?: Inferred<number>;
  fanOut?: Inferred<number>;
  activation?: Inferred<ActivationSpec>;
  /** The whole stack when the code spells it out (nn.Sequential, Keras Sequential, a layer list). */
  stack?: Inferred<LayerSpec[]>;
  /** This site's 0-based position in `stack`. */
  stackIndex?: number;
}

/** `# init-lens: depth=50 width=80 activation=relu` on the line or the line above. */
export interface ContextOverride {
  depth?: number;
  width?: number;
  activation?: ActivationSpec;
  batch?: number;
}

export interface InitSite {
  /** Source file path (as given to the scanner) and, for notebooks, the 0-based code cell index. */
  file?: string;
  cell?: number;
  range: SourceRange;
  framework: Framework;
  init: InitSpec;
  /**
   * Resolved numbers. `std` is the weight standard deviation whenever it can be computed (for
   * uniform schemes bound/√3), so different spellings of the same init compare equal.
   */
  params: Record<string, number | string>;
  /** Expression texts that could not be evaluated (e.g. "scale" in `randn(n, n) * scale`). */
  unresolved: string[];
  /** A layer's default init that no later call overrides (nn.Linear, Dense, nn.Dense). */
  implicit: boolean;
  /** The weight variable or layer this site initializes, e.g. "W1", "self.fc1.weight". */
  target?: string;
  context: SiteContext;
  override?: ContextOverride;
  /** The source text of the call or expression, for messages and fixes. */
  text: string;
}

export interface ParseError {
  file?: string;
  cell?: number;
  message: string;
}
