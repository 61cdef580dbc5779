// The settings Init Lens reads, with their defaults and ranges: the single source the editor's
// config module, the CLI's defaults and package.json's contributes.configuration agree on
// (a unit test holds package.json to this table).

import { LIMITS } from '../core/simulate';
import type { VerdictThresholds } from '../diagnose/verdict';
import { DEFAULT_THRESHOLDS } from '../diagnose/verdict';

export type EngineSetting = 'auto' | 'dense' | 'matrix-free' | 'mean-field';
export const ENGINE_SETTINGS: readonly EngineSetting[] = ['auto', 'dense', 'matrix-free', 'mean-field'];

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface InitLensSettings {
  /** Network shape when the code does not say. */
  defaultDepth: number;
  defaultWidth: number;
  defaultActivation: string;
  defaultBatch: number;
  /** Network draws per panel simulation (the p5–p95 band needs several). */
  draws: number;
  seed: number;
  engine: EngineSetting;
  /** Worker threads; 0 = min(2, cores). */
  workers: number;
  thresholds: VerdictThresholds;
  diagnosticSeverity: SeveritySetting;
  codeLensEnabled: boolean;
  hoverEnabled: boolean;
  /** Quiet time after an edit before a document is analysed again. */
  debounceMs: number;
}

export const SETTINGS_DEFAULTS: InitLensSettings = {
  defaultDepth: 10,
  defaultWidth: 512,
  defaultActivation: 'relu',
  defaultBatch: 64,
  draws: 8,
  seed: 0,
  engine: 'auto',
  workers: 0,
  thresholds: { ...DEFAULT_THRESHOLDS },
  diagnosticSeverity: 'warning',
  codeLensEnabled: true,
  hoverEnabled: true,
  debounceMs: 400,
};

/** Inclusive ranges of the numeric settings (package.json minimum/maximum). */
export const SETTING_RANGES = {
  defaultDepth: [1, LIMITS.depth],
  defaultWidth: [1, LIMITS.width],
  defaultBatch: [1, LIMITS.batch],
  draws: [1, LIMITS.seeds],
  seed: [0, 2 ** 32 - 1],
  workers: [0, 64],
  debounceMs: [0, 10000],
} as const satisfies Partial<Record<keyof InitLensSettings, readonly [number, number]>>;

/** package.json key of each setting (`initLens.<key>`). */
export const SETTING_KEYS = {
  defaultDepth: 'defaultDepth',
  defaultWidth: 'defaultWidth',
  defaultActivation: 'defaultActivation',
  defaultBatch: 'defaultBatch',
  draws: 'draws',
  seed: 'seed',
  engine: 'engine',
  workers: 'workers',
  diagnosticSeverity: 'diagnostics.severity',
  codeLensEnabled: 'codeLens.enabled',
  hoverEnabled: 'hover.enabled',
  debounceMs: 'debounceMs',
} as const satisfies Record<Exclude<keyof InitLensSettings, 'thresholds'>, string>;

export const THRESHOLD_KEYS: Record<keyof VerdictThresholds, string> = {
  healthyLow: 'thresholds.healthyLow',
  healthyHigh: 'thresholds.healthyHigh',
  vanishingBelow: 'thresholds.vanishingBelow',
  explodingAbove: 'thresholds.explodingAbove',
  saturatedFraction: 'thresholds.saturatedFraction',
  deadFraction: 'thresholds.deadFraction',
};
