// The bases "Review Initialization Changes…" offers: the merge base with the default branch
// (first, what `init-lens review` uses by default), HEAD (uncommitted changes only), local and
// remote branches, recent commits, and a free ref. Parsing git's output and building the list
// are pure; reviewFlow.ts asks git and shows the quick pick.

/** `git for-each-ref` as run for the list: full name, then short name, tab-separated. */
export const REF_LIST_ARGS = ['for-each-ref', '--sort=-committerdate', '--count=200', '--format=%(refname)%09%(refname:short)', 'refs/heads', 'refs/remotes'] as const;

/** `git log` as run for the list: abbreviated hash, then subject, tab-separated. */
export const RECENT_COMMIT_ARGS = ['log', '-n', '20', '--format=%h%x09%s'] as const;

export interface BranchRef {
  /** As git shortens it: "main", "origin/feature". */
  name: string;
  remote: boolean;
}

export interface RecentCommit {
  hash: string;
  subject: string;
}

/** What the review gets from a choice: an explicit base, or the merge base with a branch. */
export interface BaseSelection {
  base?: string;
  defaultBranch?: string;
  /** For the panel title and messages, e.g. "merge base with main", "HEAD", "origin/dev". */
  label: string;
}

export type BaseChoice =
  | { kind: 'separator'; label: string }
  | { kind: 'choice'; label: string; description?: string; detail?: string; selection: BaseSelection; picked?: boolean }
  | { kind: 'enter'; label: string; description?: string; detail?: string };

/** Lines of `git for-each-ref --format=%(refname)%09%(refname:short)`; symbolic remote HEADs dropped. */
export function parseBranchRefs(output: string): BranchRef[] {
  const refs: BranchRef[] = [];
  const seen = new Set<string>();
  for (const line of output.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const full = line.slice(0, tab).trim();
    const name = line.slice(tab + 1).trim();
    if (name === '' || seen.has(name)) continue;
    // refs/remotes/origin/HEAD points at a branch listed anyway (its short name is "origin" or "origin/HEAD").
    if (full.startsWith('refs/remotes/') && full.endsWith('/HEAD')) continue;
    if (!full.startsWith('refs/heads/') && !full.startsWith('refs/remotes/')) continue;
    seen.add(name);
    refs.push({ name, remote: full.startsWith('refs/remotes/') });
  }
  return refs;
}

/** Lines of `git log --format=%h%x09%s`. */
export function parseRecentCommits(output: string): RecentCommit[] {
  const commits: RecentCommit[] = [];
  for (const line of output.split('\n')) {
    const tab = line.indexOf('\t');
    const hash = (tab === -1 ? line : line.slice(0, tab)).trim();
    if (!/^[0-9a-f]{4,64}$/.test(hash)) continue;
    commits.push({ hash, subject: tab === -1 ? '' : line.slice(tab + 1).trim() });
  }
  return commits;
}

export interface BaseChoiceInput {
  /** The default branch ("main", "origin/main") and its merge base with HEAD; null when there is none. */
  defaultBranch: { name: string; mergeBase: string } | null;
  /** The checked-out branch; null when detached or unknown. */
  currentBranch: string | null;
  branches: BranchRef[];
  commits: RecentCommit[];
}

/** The quick pick's items in order; the first choice is the one pre-selected. */
export function baseChoices(input: BaseChoiceInput): BaseChoice[] {
  const choices: BaseChoice[] = [];
  const d = input.defaultBranch;
  if (d) {
    choices.push({
      kind: 'choice',
      label: `$(git-merge) Merge base with ${d.name}`,
      description: d.mergeBase.slice(0, 12),
      detail: `Everything this branch changed since it left ${d.name}, uncommitted changes included (init-lens review's default)`,
      selection: { defaultBranch: d.name, label: `merge base with ${d.name}` },
      picked: true,
    });
  }
  choices.push({
    kind: 'choice',
    label: '$(git-commit) HEAD',
    description: 'uncommitted changes only',
    detail: 'The last commit against the working tree',
    selection: { base: 'HEAD', label: 'HEAD' },
    ...(d ? {} : { picked: true }),
  });
  const local = input.branches.filter((b) => !b.remote);
  const remote = input.branches.filter((b) => b.remote);
  if (local.length > 0) {
    choices.push({ kind: 'separator', label: 'Branches' });
    for (const b of local) choices.push(branchChoice(b, input.currentBranch));
  }
  if (remote.length > 0) {
    choices.push({ kind: 'separator', label: 'Remote branches' });
    for (const b of remote) choices.push(branchChoice(b, input.currentBranch));
  }
  if (input.commits.length > 0) {
    choices.push({ kind: 'separator', label: 'Recent commits' });
    for (const c of input.commits) {
      choices.push({ kind: 'choice', label: `$(git-commit) ${c.hash}`, description: c.subject, selection: { base: c.hash, label: c.hash } });
    }
  }
  choices.push({ kind: 'separator', label: '' });
  choices.push({ kind: 'enter', label: '$(edit) Enter a ref…', description: 'a branch, tag or commit (HEAD~3, v1.2, 1a2b3c4)' });
  return choices;
}

function branchChoice(b: BranchRef, current: string | null): BaseChoice {
  return {
    kind: 'choice',
    label: `${b.remote ? '$(cloud)' : '$(git-branch)'} ${b.name}`,
    ...(b.name === current ? { description: 'current branch: its last commit' } : {}),
    selection: { base: b.name, label: b.name },
  };
}

/** Why a typed ref cannot be one, or null when it may be (git decides whether it names a commit). */
export function refInputProblem(text: string): string | null {
  const ref = text.trim();
  if (ref === '') return 'Enter a branch, tag or commit';
  if (/[\s\u0000-\u001f\u007f]/.test(ref)) return 'A ref has no spaces or control characters';
  if (ref.length > 250) return 'At most 250 characters';
  return null;
}
