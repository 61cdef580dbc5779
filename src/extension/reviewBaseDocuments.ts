// Read-only documents of a file at a commit (`git cat-file blob COMMIT:PATH`, no filters run), so
// the review panel can show a removed site where it was. Only repositories a review in this
// window has read are served, and only by full commit id.

import * as vscode from 'vscode';
import { readBlob, type GitRunner } from '../review/git';

export const REVIEW_BASE_SCHEME = 'init-lens-review';

export class ReviewBaseDocuments implements vscode.TextDocumentContentProvider {
  private readonly roots = new Set<string>();

  constructor(private readonly git: GitRunner) {}

  /** Lets documents of the repository at `root` be served (a review read it). */
  allow(root: string): void {
    this.roots.add(root);
  }

  /** The document of `file` (repository-relative) at `commit`; its name is the file's, so language features apply. */
  uri(root: string, commit: string, file: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REVIEW_BASE_SCHEME, path: `/${file}`, query: new URLSearchParams({ root, commit }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const root = query.get('root') ?? '';
    const commit = query.get('commit') ?? '';
    if (!this.roots.has(root)) throw new Error(`Init Lens: no review has read the repository ${root}`);
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) throw new Error(`Init Lens: ${commit} is not a full commit id`);
    return readBlob(this.git, root, commit, uri.path.replace(/^\//, ''));
  }
}
