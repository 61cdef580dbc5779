// One file at one end of the comparison: its text (from git, or from disk for the working
// tree), its init sites with their networks, and where each site sits in the analysed text.

import { join } from 'node:path';
import { networkForSite, type NetworkDefaults } from '../model/network';
import { combineCells, type NotebookCell } from '../parse/notebook';
import type { InitSite } from '../parse/types';
import { readBlob, type GitRunner } from './git';
import type { Positioned, SiteDraft } from './matchSites';
import { sizeProblem, type SourceProblem, type SourceSites } from '../analysis/sourceAnalysis';

export interface FileVersion {
  path: string;
  /** The file's text: the Python source, or the notebook's JSON. */
  source: string;
  /** The text sites are positioned in: the source, or the notebook's code cells joined. */
  analysed: string;
  cells: NotebookCell[] | null;
  sites: Positioned<SiteDraft>[];
  errors: SourceProblem[];
}

export interface VersionReader {
  git: GitRunner;
  root: string;
  readWorkingFile: (path: string) => Promise<string>;
  /** Sites and problems of one text (the editor runs it in its analysis worker). */
  analyse: (path: string, text: string) => Promise<SourceSites>;
  defaults: NetworkDefaults;
}

/** `commit` null: the working tree. Never throws: an unreadable file is an error with no sites. */
export async function readFileVersion(reader: VersionReader, path: string, commit: string | null): Promise<FileVersion> {
  let source: string;
  try {
    source = commit === null ? await reader.readWorkingFile(join(reader.root, path)) : await readBlob(reader.git, reader.root, commit, path);
  } catch (error) {
    const where = commit === null ? 'the working tree' : commit.slice(0, 12);
    return empty(path, [{ file: path, message: `cannot read it at ${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }]);
  }
  const tooLarge = sizeProblem(path, Buffer.byteLength(source, 'utf8'));
  if (tooLarge) return empty(path, [tooLarge]);
  const found = await reader.analyse(path, source);
  const drafts = found.sites.map((site) => ({ file: path, site: { ...site, file: path }, network: networkForSite(site, reader.defaults) }));
  if (found.cells === null) {
    return { path, source, analysed: source, cells: null, sites: drafts.map((version) => ({ version, position: version.site.range.start.line })), errors: found.errors };
  }
  const combined = combineCells(found.cells);
  const startOf = new Map(combined.spans.map((s) => [s.cell, s.startLine]));
  const position = (site: InitSite) => (startOf.get(site.cell ?? 0) ?? 0) + site.range.start.line;
  return {
    path,
    source,
    analysed: combined.text,
    cells: found.cells,
    sites: drafts.map((version) => ({ version, position: position(version.site) })),
    errors: found.errors,
  };
}

function empty(path: string, errors: SourceProblem[]): FileVersion {
  return { path, source: '', analysed: '', cells: null, sites: [], errors };
}
