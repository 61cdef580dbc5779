// The one place the extension reads its settings: mirrors contributes.configuration (held to
// it by a unit test through src/settings/defaults.ts). A value outside its range falls back to
// the default and is reported once, rather than reaching the simulation.

import * as vscode from 'vscode';
import { parseActivation } from '../core/activations';
import type { VerdictThresholds } from '../diagnose/verdict';
import {
  ENGINE_SETTINGS,
  SETTING_KEYS,
  SETTING_RANGES,
  SETTINGS_DEFAULTS,
  SEVERITY_SETTINGS,
  THRESHOLD_KEYS,
  type InitLensSettings,
} from '../settings/defaults';

export const SECTION = 'initLens';

export function readConfig(scope?: vscode.ConfigurationScope): { settings: InitLensSettings; problems: string[] } {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const problems: string[] = [];
  const integer = (key: keyof typeof SETTING_RANGES): number => {
    const value = config.get<unknown>(SETTING_KEYS[key]);
    const [min, max] = SETTING_RANGES[key];
    if (value === undefined) return SETTINGS_DEFAULTS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${SECTION}.${SETTING_KEYS[key]} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)}); using ${SETTINGS_DEFAULTS[key]}`);
      return SETTINGS_DEFAULTS[key];
    }
    return value;
  };
  const choice = <T extends string>(key: 'engine' | 'diagnosticSeverity', allowed: readonly T[]): T => {
    const value = config.get<unknown>(SETTING_KEYS[key]);
    const fallback = SETTINGS_DEFAULTS[key] as T;
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      problems.push(`${SECTION}.${SETTING_KEYS[key]} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)}); using ${fallback}`);
      return fallback;
    }
    return value as T;
  };
  const flag = (key: 'codeLensEnabled' | 'hoverEnabled'): boolean => {
    const value = config.get<unknown>(SETTING_KEYS[key]);
    return typeof value === 'boolean' ? value : SETTINGS_DEFAULTS[key];
  };

  let defaultActivation = config.get<unknown>(SETTING_KEYS.defaultActivation) ?? SETTINGS_DEFAULTS.defaultActivation;
  try {
    if (typeof defaultActivation !== 'string') throw new Error('not a string');
    parseActivation(defaultActivation);
  } catch (error) {
    problems.push(`${SECTION}.${SETTING_KEYS.defaultActivation}: ${error instanceof Error ? error.message : String(error)}; using ${SETTINGS_DEFAULTS.defaultActivation}`);
    defaultActivation = SETTINGS_DEFAULTS.defaultActivation;
  }

  const thresholds = { ...SETTINGS_DEFAULTS.thresholds };
  for (const key of Object.keys(THRESHOLD_KEYS) as (keyof VerdictThresholds)[]) {
    const value = config.get<unknown>(THRESHOLD_KEYS[key]);
    if (value === undefined) continue;
    const fraction = key === 'saturatedFraction' || key === 'deadFraction';
    const ok = typeof value === 'number' && Number.isFinite(value) && (fraction ? value >= 0 && value <= 1 : value > 0);
    if (ok) thresholds[key] = value;
    else problems.push(`${SECTION}.${THRESHOLD_KEYS[key]} must be ${fraction ? 'a fraction from 0 to 1' : 'a positive number'} (got ${JSON.stringify(value)}); using ${thresholds[key]}`);
  }
  if (!(thresholds.vanishingBelow <= thresholds.healthyLow && thresholds.healthyLow <= thresholds.healthyHigh && thresholds.healthyHigh <= thresholds.explodingAbove)) {
    problems.push(`${SECTION}.thresholds must satisfy vanishingBelow ≤ healthyLow ≤ healthyHigh ≤ explodingAbove; using the defaults`);
    Object.assign(thresholds, SETTINGS_DEFAULTS.thresholds);
  }

  return {
    settings: {
      defaultDepth: integer('defaultDepth'),
      defaultWidth: integer('defaultWidth'),
      defaultActivation: defaultActivation as string,
      defaultBatch: integer('defaultBatch'),
      draws: integer('draws'),
      seed: integer('seed'),
      engine: choice('engine', ENGINE_SETTINGS),
      workers: integer('workers'),
      thresholds,
      diagnosticSeverity: choice('diagnosticSeverity', SEVERITY_SETTINGS),
      codeLensEnabled: flag('codeLensEnabled'),
      hoverEnabled: flag('hoverEnabled'),
      debounceMs: integer('debounceMs'),
    },
    problems,
  };
}

/** Settings plus a warning shown once per distinct problem. */
export class Config implements vscode.Disposable {
  private current: InitLensSettings;
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<InitLensSettings>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.current = this.load();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      this.current = this.load();
      this.changed.fire(this.current);
    });
  }

  get settings(): InitLensSettings {
    return this.current;
  }

  /** Writes one setting in the workspace (or globally when no folder is open). */
  async update(key: string, value: unknown): Promise<void> {
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update(key, value, target);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private load(): InitLensSettings {
    const { settings, problems } = readConfig();
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      void vscode.window.showWarningMessage(`Init Lens: ${problem}`);
    }
    return settings;
  }
}
