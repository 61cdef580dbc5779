// "Init Lens: Review Initialization Changes…": which repository (the active editor's folder
// first), which base (a quick pick: the merge base with the default branch first), then the review
// in a panel. Tests and keybindings pass `{ cwd, base }` to skip both prompts.

import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { parseActivation } from '../core/activations';
import type { NetworkDefaults } from '../model/network';
import { defaultBranch, GitError, mergeBase, repositoryRoot, resolveCommit, type GitRunner } from '../review/git';
import type { InitLensSettings } from '../settings/defaults';
import { reviewErrorMessage } from './reviewPanel';
import type { ReviewPanels } from './reviewPanels';
import { baseChoices, parseBranchRefs, parseRecentCommits, RECENT_COMMIT_ARGS, REF_LIST_ARGS, refInputProblem, type BaseChoice, type BaseSelection } from './reviewRefs';
import { reviewSummary } from './reviewReportView';

/** Non-interactive answers: the folder (any directory in the repository) and the base. */
export interface ReviewArgs {
  cwd?: string;
  /** A commit, branch or tag; with neither this nor defaultBranch, the quick pick asks. */
  base?: string;
  /** Review against the merge base with this branch. */
  defaultBranch?: string;
}

/** What the command returns (tests read it): the panel and what it lists, or why there is none. */
export interface ReviewCommandResult {
  panelId: string | null;
  sites: number;
  regressed: number;
  error?: string;
  cancelled?: boolean;
}

export interface ReviewFlowDeps {
  panels: ReviewPanels;
  git: GitRunner;
  settings(): InitLensSettings;
}

export async function reviewChanges(deps: ReviewFlowDeps, rawArgs: unknown): Promise<ReviewCommandResult | undefined> {
  const args = reviewArgs(rawArgs);
  if (!vscode.workspace.isTrusted) {
    return fail('reviewing changes runs git, which can run programs a repository configures (filters, fsmonitor): trust this workspace first.');
  }
  const cwd = args.cwd ?? (await chooseFolder());
  if (cwd === undefined) return undefined;
  let root: string;
  try {
    root = await repositoryRoot(deps.git, cwd);
  } catch (error) {
    return fail(reviewErrorMessage(error, cwd));
  }
  const selection: BaseSelection | undefined =
    args.base !== undefined || args.defaultBranch !== undefined
      ? {
          ...(args.base !== undefined ? { base: args.base } : {}),
          ...(args.defaultBranch !== undefined ? { defaultBranch: args.defaultBranch } : {}),
          label: args.base ?? `merge base with ${args.defaultBranch}`,
        }
      : await chooseBase(deps.git, root);
  if (!selection) return undefined;
  try {
    // An unknown ref is said before a panel opens.
    if (selection.base !== undefined) await resolveCommit(deps.git, root, selection.base, 'base');
    if (selection.defaultBranch !== undefined) await resolveCommit(deps.git, root, selection.defaultBranch, 'base');
  } catch (error) {
    return fail(reviewErrorMessage(error, root));
  }
  let defaults: NetworkDefaults;
  try {
    defaults = editorDefaults(deps.settings());
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const panel = deps.panels.open(root, selection.label);
  const view = await panel.run(
    {
      cwd,
      ...(selection.base !== undefined ? { base: selection.base } : {}),
      ...(selection.defaultBranch !== undefined ? { defaultBranch: selection.defaultBranch } : {}),
      defaults,
    },
    selection.label,
  );
  if (view) return { panelId: panel.id, ...reviewSummary(view) };
  return { panelId: panel.id, sites: 0, regressed: 0, error: panel.error ?? 'a newer review replaced this one in its panel', ...(panel.cancelled ? { cancelled: true } : {}) };
}

function fail(message: string): ReviewCommandResult {
  void vscode.window.showErrorMessage(`Init Lens: ${message}`);
  return { panelId: null, sites: 0, regressed: 0, error: message };
}

/** Only the known string fields of an argument object; anything else is ignored. */
export function reviewArgs(raw: unknown): ReviewArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const text = (key: string) => (Object.hasOwn(r, key) && typeof r[key] === 'string' && (r[key] as string).trim() !== '' ? (r[key] as string).trim() : undefined);
  const args: ReviewArgs = {};
  const cwd = text('cwd');
  const base = text('base');
  const branch = text('defaultBranch');
  if (cwd !== undefined) args.cwd = cwd;
  if (base !== undefined) args.base = base;
  if (branch !== undefined) args.defaultBranch = branch;
  return args;
}

/** Defaults from the editor settings, as the lenses use them. */
export function editorDefaults(settings: InitLensSettings): NetworkDefaults {
  return { depth: settings.defaultDepth, width: settings.defaultWidth, activation: parseActivation(settings.defaultActivation), batch: settings.defaultBatch };
}

/** The active editor's workspace folder (or its own folder), else the only folder, else a pick. */
async function chooseFolder(): Promise<string | undefined> {
  const active = vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri;
  if (active) {
    const folder = vscode.workspace.getWorkspaceFolder(active);
    if (folder?.uri.scheme === 'file') return folder.uri.fsPath;
    if (active.scheme === 'file') return dirname(active.fsPath);
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Init Lens: open a folder inside a git repository (or a file in one) to review its changes.');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri.fsPath;
  const pick = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Review the changes in which folder?' });
  return pick?.uri.fsPath;
}

type BaseItem = vscode.QuickPickItem & { choice?: BaseChoice };

async function chooseBase(git: GitRunner, root: string): Promise<BaseSelection | undefined> {
  const quiet = (args: readonly string[]) => git(args, { cwd: root }).catch(() => '');
  const [branch, current, refs, log] = await Promise.all([
    defaultBranch(git, root).catch(() => null),
    quiet(['symbolic-ref', '--quiet', '--short', 'HEAD']),
    quiet(REF_LIST_ARGS),
    quiet(RECENT_COMMIT_ARGS),
  ]);
  let merge: { name: string; mergeBase: string } | null = null;
  if (branch !== null) {
    try {
      merge = { name: branch, mergeBase: await mergeBase(git, root, await resolveCommit(git, root, branch, 'base'), 'HEAD') };
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
    }
  }
  const choices = baseChoices({ defaultBranch: merge, currentBranch: current.trim() || null, branches: parseBranchRefs(refs), commits: parseRecentCommits(log) });
  const items: BaseItem[] = choices.map((choice) =>
    choice.kind === 'separator'
      ? { label: choice.label, kind: vscode.QuickPickItemKind.Separator }
      : { label: choice.label, ...(choice.description ? { description: choice.description } : {}), ...(choice.detail ? { detail: choice.detail } : {}), choice },
  );
  const pick = await vscode.window.showQuickPick(items, {
    title: `Init Lens: review the initialization changes in ${basename(root)} since…`,
    placeHolder: 'The working tree is compared with the base you pick',
    matchOnDescription: true,
  });
  const choice = pick?.choice;
  if (!choice || choice.kind === 'separator') return undefined;
  if (choice.kind === 'choice') return choice.selection;
  const ref = await vscode.window.showInputBox({
    title: 'Init Lens: review changes since which ref?',
    prompt: 'A branch, tag or commit of this repository',
    placeHolder: 'HEAD~3, origin/main, v1.2, 1a2b3c4',
    validateInput: (text) => refInputProblem(text),
  });
  return ref === undefined ? undefined : { base: ref.trim(), label: ref.trim() };
}
