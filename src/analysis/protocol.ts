// Messages between the editor host and the analysis worker (parse + mean-field off the
// extension host thread). Defined once; both sides import it.

import type { AnalysisInput, AnalysisSettings } from './analyse';
import type { DocumentAnalysis } from './types';

export interface AnalysisRequest {
  id: number;
  version: number;
  input: AnalysisInput;
  settings: AnalysisSettings;
}

export type AnalysisResponse =
  | { id: number; ok: true; analysis: DocumentAnalysis }
  | { id: number; ok: false; message: string };
