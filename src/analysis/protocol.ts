// Messages between the editor host and the analysis worker (parse + mean-field off the
// extension host thread). Defined once; both sides import it.

import type { AnalysisInput, AnalysisSettings } from './analyse';
import type { SourceSites } from './sourceAnalysis';
import type { DocumentAnalysis } from './types';

export type AnalysisRequest =
  /** An open document: its sites, networks, mean-field verdicts and fixes. */
  | { kind: 'document'; id: number; version: number; input: AnalysisInput; settings: AnalysisSettings }
  /** A file's text (e.g. one side of a review): its sites and problems only. */
  | { kind: 'sites'; id: number; file: string; text: string };

export type AnalysisResponse =
  | { id: number; ok: true; analysis: DocumentAnalysis }
  | { id: number; ok: true; sites: SourceSites }
  | { id: number; ok: false; message: string };
