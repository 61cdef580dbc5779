// Placeholder: `# init-lens: depth=50 width=80 activation=relu` parsing is being written.
import type { SourceFile } from './syntax';
import type { ContextOverride } from './types';

export function overrideAt(_file: SourceFile, _line: number): ContextOverride | undefined {
  return undefined;
}
