// Setting a value the code does not say (clicking `depth 10?`): which value, what it should be,
// and where it goes — an `# init-lens:` comment above the line, or a workspace setting.

import * as vscode from 'vscode';
import { parseActivation } from '../core/activations';
import { LIMITS } from '../core/simulate';
import type { DefaultKey } from '../model/network';
import { overrideEdit } from '../edit/overrideEdit';
import type { Config } from './config';
import { workspaceEdit } from './quickFix';
import type { SiteView } from './siteStore';

const SETTING_OF: Record<DefaultKey, string> = { depth: 'defaultDepth', width: 'defaultWidth', activation: 'defaultActivation', batch: 'defaultBatch' };
const MAX: Record<Exclude<DefaultKey, 'activation'>, number> = { depth: LIMITS.depth, width: LIMITS.width, batch: LIMITS.batch };

/** Why `text` is not a valid value for `key`, or null. */
export function assumptionProblem(key: DefaultKey, text: string): string | null {
  if (key === 'activation') {
    try {
      parseActivation(text.trim());
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isSafeInteger(n) && n >= 1 && n <= MAX[key] ? null : `${key} must be an integer from 1 to ${MAX[key]}`;
}

/** A non-interactive answer to the three questions (tests, other extensions). */
export interface AssumptionChoice {
  key: DefaultKey;
  value: string;
  where: 'comment' | 'setting';
}

export function isAssumptionChoice(value: unknown): value is AssumptionChoice {
  const v = value as Partial<AssumptionChoice> | null;
  return typeof v === 'object' && v !== null && typeof v.value === 'string' && (v.where === 'comment' || v.where === 'setting') && typeof v.key === 'string' && v.key in SETTING_OF;
}

export async function setAssumption(view: SiteView, config: Config, choice?: AssumptionChoice): Promise<boolean> {
  if (choice) {
    const problem = assumptionProblem(choice.key, choice.value);
    if (problem) throw new Error(`Init Lens: ${problem}`);
    return write(view, config, choice.key, choice.value, choice.where);
  }
  const assumed = view.analysis.network.assumed;
  if (assumed.length === 0) {
    void vscode.window.showInformationMessage('Init Lens: nothing about this site is assumed.');
    return false;
  }
  const current: Record<DefaultKey, string> = {
    depth: String(view.analysis.network.summary.depth),
    width: String(view.analysis.network.summary.widths.at(-1) ?? config.settings.defaultWidth),
    activation: view.analysis.network.summary.activations[0] ?? config.settings.defaultActivation,
    batch: String(view.analysis.network.batch),
  };
  const key =
    assumed.length === 1
      ? assumed[0]
      : (
          await vscode.window.showQuickPick(
            assumed.map((k) => ({ label: k, description: `assumed ${current[k]}`, key: k })),
            { title: 'Init Lens: which assumed value to set?' },
          )
        )?.key;
  if (!key) return false;
  const value = await vscode.window.showInputBox({
    title: `Init Lens: ${key} for ${view.label}`,
    value: current[key],
    prompt: key === 'activation' ? 'relu, tanh, sigmoid, gelu, leaky_relu:0.2, …' : `an integer from 1 to ${MAX[key as Exclude<DefaultKey, 'activation'>]}`,
    validateInput: (text) => assumptionProblem(key, text),
  });
  if (value === undefined) return false;
  const where = await vscode.window.showQuickPick(
    [
      { label: `$(comment) Write "# init-lens: ${key}=${value.trim()}" above the line`, where: 'comment' as const, detail: 'Applies to this site only; travels with the code.' },
      { label: `$(settings) Set initLens.${SETTING_OF[key]} = ${value.trim()} for the workspace`, where: 'setting' as const, detail: 'Applies to every site that does not say.' },
    ],
    { title: `Init Lens: where should ${key}=${value.trim()} go?` },
  );
  if (!where) return false;
  return write(view, config, key, value, where.where);
}

async function write(view: SiteView, config: Config, key: DefaultKey, value: string, where: 'comment' | 'setting'): Promise<boolean> {
  const typed = key === 'activation' ? value.trim() : Number(value.trim());
  if (where === 'setting') {
    await config.update(SETTING_OF[key], typed);
    return true;
  }
  const edit = overrideEdit(view.document.getText(), view.range.start.line, { [key]: typed });
  return vscode.workspace.applyEdit(workspaceEdit(view.document, [edit]));
}
