// `init-lens review [--base REF] [--head REF] [PATH...]`: what a git change does to the init
// sites it touches, simulated before and after, as text, Markdown (a PR comment), JSON, SARIF
// or GitHub annotations.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ACTIVATION_NAMES } from '../core/activations';
import { InputError } from '../core/errors';
import { LIMITS } from '../core/simulate';
import { failsOn, FAIL_ON_NAMES } from '../review/regression';
import { RefError } from '../review/git';
import { reviewChange } from '../review/reviewChange';
import type { FailOnName, ReviewDeps, ReviewReport } from '../review/types';
import { joinNegativeNumbers } from './args';
import { CHECK_DEFAULTS, parseDefaults } from './checkCommand';
import { reviewGithub } from './report/reviewGithub';
import { reviewJson } from './report/reviewJson';
import { reviewMarkdown } from './report/reviewMarkdown';
import { reviewSarif } from './report/reviewSarif';
import { reviewText } from './report/reviewText';

export const REVIEW_FORMATS = ['text', 'markdown', 'json', 'sarif', 'github'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export const REVIEW_USAGE = `Usage: init-lens review [--base REF] [--head REF] [PATH...] [options]

Finds the .py and .ipynb files a git change touches, reads both versions, matches their
weight-initialization sites (by the weight or layer they initialize, so moved lines stay the same
site) and simulates each before and after. A site is reported when the change added, removed or
modified it: its init changed, or the network around it did (another activation, depth or width).
Never executes the code under review: both versions are read as text through git, so it is safe
to run on pull requests from forks.

  --base REF           compare from this commit, branch or tag (default: the merge base of HEAD
                       and the default branch: origin/HEAD, else main, else master)
  --head REF           compare to this commit (default: the working tree, untracked files included)
  PATH...              only files under these paths
  --all                also list sites the change did not touch (moved and unchanged, every file)
  --format FORMAT      ${REVIEW_FORMATS.join(', ')} (default: text on a terminal, markdown otherwise)
                       markdown: a PR comment with a table and a Mermaid chart per changed site
                       sarif: SARIF 2.1.0 for GitHub code scanning; github: ::warning annotations
  --output FILE        write the report to FILE instead of stdout
  --fail-on LIST       exit 1 when a site the change added or modified has one of these verdicts
                       after it (forward or backward), or with "regressed" when the change made a
                       verdict worse (healthy < drifting < any problem; a new problem counts):
                       ${FAIL_ON_NAMES.join(', ')}
  --depth L            layers when the code does not say (default ${CHECK_DEFAULTS.depth}, 1 to ${LIMITS.depth})
  --width N            width when the code does not say (default ${CHECK_DEFAULTS.width}, 1 to ${LIMITS.width})
  --activation ACT     activation when the code does not say (default ${CHECK_DEFAULTS.activation}):
                       ${ACTIVATION_NAMES.join(', ')}
  --batch B            samples per simulation (default ${CHECK_DEFAULTS.batch}, 1 to ${LIMITS.batch})

Verdicts come from the same quick simulation as init-lens check. Exit codes: 0 done, 1 --fail-on
matched, 2 bad arguments, not a git repository or an unknown ref.
`;

const OPTIONS = {
  base: { type: 'string' },
  head: { type: 'string' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string' },
  'fail-on': { type: 'string', multiple: true },
  depth: { type: 'string' },
  width: { type: 'string' },
  activation: { type: 'string' },
  batch: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ReviewIO {
  write: (text: string) => void;
  /** Whether stdout is a terminal (picks the default format). */
  isTTY: boolean;
  cwd: string;
  deps?: ReviewDeps;
}

export async function runReview(argv: string[], io: ReviewIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: joinNegativeNumbers(argv), options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    io.write(REVIEW_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, values.output === undefined && io.isTTY ? 'text' : 'markdown');
  const failOn = parseReviewFailOn(values['fail-on'] ?? []);
  const defaults = parseDefaults(values);
  let report: ReviewReport;
  try {
    report = await reviewChange(
      {
        cwd: io.cwd,
        ...(values.base !== undefined ? { base: values.base } : {}),
        ...(values.head !== undefined ? { head: values.head } : {}),
        paths: positionals,
        all: values.all === true,
        defaults,
      },
      io.deps,
    );
  } catch (error) {
    if (error instanceof RefError) throw new InputError(`--${error.role}`, 'a branch, tag or commit in this repository', error.ref);
    throw error;
  }
  const text = formatReview(report, format);
  if (values.output !== undefined) {
    try {
      writeFileSync(values.output, text);
    } catch (error) {
      throw new Error(`--output: cannot write ${values.output}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else io.write(text);
  return failsOn(report, failOn) ? 1 : 0;
}

export function formatReview(report: ReviewReport, format: ReviewFormat): string {
  switch (format) {
    case 'text':
      return reviewText(report);
    case 'markdown':
      return reviewMarkdown(report);
    case 'json':
      return `${JSON.stringify(reviewJson(report))}\n`;
    case 'sarif':
      return `${JSON.stringify(reviewSarif(report), null, 2)}\n`;
    case 'github':
      return reviewGithub(report);
  }
}

export function parseFormat(value: string | undefined, fallback: ReviewFormat, input = '--format'): ReviewFormat {
  if (value === undefined) return fallback;
  const name = value.trim().toLowerCase();
  if (!(REVIEW_FORMATS as readonly string[]).includes(name)) throw new InputError(input, `one of: ${REVIEW_FORMATS.join(', ')}`, value);
  return name as ReviewFormat;
}

export function parseReviewFailOn(lists: readonly string[], input = '--fail-on'): Set<FailOnName> {
  const failOn = new Set<FailOnName>();
  for (const list of lists) {
    for (const raw of list.split(',')) {
      const name = raw.trim().toLowerCase();
      if (name === '' && list.trim() === '') continue;
      if (!(FAIL_ON_NAMES as readonly string[]).includes(name)) {
        throw new InputError(input, `a comma-separated list of: ${FAIL_ON_NAMES.join(', ')}`, raw.trim());
      }
      failOn.add(name as FailOnName);
    }
  }
  return failOn;
}
