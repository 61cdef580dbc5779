// The GitHub Action (action.yml → dist/action.js): `init-lens review` of the checked-out change.
// Inputs come from INPUT_* variables; it writes the Markdown report and a SARIF file under
// RUNNER_TEMP, prints the chosen format (annotations by default), sets the outputs `report`,
// `sarif` and `regressed`, and exits 1 when `fail-on` matches. It reads the code through git and
// never runs it, and needs no network, so it is safe on pull requests from forks.

import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors';
import { parseDefaults } from '../cli/checkCommand';
import { reviewMarkdown } from '../cli/report/reviewMarkdown';
import { reviewSarif } from '../cli/report/reviewSarif';
import { formatReview, parseFormat, parseReviewFailOn } from '../cli/reviewCommand';
import { RefError } from '../review/git';
import { failsOn } from '../review/regression';
import { reviewChange } from '../review/reviewChange';
import type { ReviewDeps } from '../review/types';

type Env = Record<string, string | undefined>;

export interface ActionIO {
  env: Env;
  stdout: (text: string) => void;
  deps?: ReviewDeps;
}

/** GitHub's name for an input's variable: INPUT_ + the name upper-cased, spaces as underscores (hyphens stay). */
export function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export async function runAction({ env, stdout, deps }: ActionIO): Promise<number> {
  try {
    const failOn = parseReviewFailOn([input(env, 'fail-on')], 'input fail-on');
    const format = parseFormat(input(env, 'format') || undefined, 'github', 'input format');
    const paths = input(env, 'paths')
      .split(/[\s,]+/)
      .filter((p) => p !== '');
    const base = input(env, 'base');
    // In a pull request, compare with the target branch (actions/checkout fetches it as origin/BRANCH with fetch-depth: 0).
    const pullRequest = /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '') && (env.GITHUB_BASE_REF ?? '') !== '';
    const report = await reviewChange(
      {
        cwd: env.GITHUB_WORKSPACE || process.cwd(),
        ...(base !== '' ? { base } : pullRequest ? { defaultBranch: `origin/${env.GITHUB_BASE_REF}` } : {}),
        paths,
        // What the code does not say, as in `init-lens check` (empty inputs take its defaults).
        defaults: assumedDefaults(env),
      },
      deps,
    );
    const folder = env.RUNNER_TEMP || tmpdir();
    const markdownPath = join(folder, 'init-lens-review.md');
    const sarifPath = join(folder, 'init-lens-review.sarif');
    const markdown = reviewMarkdown(report);
    writeFileSync(markdownPath, markdown);
    writeFileSync(sarifPath, `${JSON.stringify(reviewSarif(report), null, 2)}\n`);
    stdout(formatReview(report, format));
    if (env.GITHUB_OUTPUT) {
      appendFileSync(env.GITHUB_OUTPUT, [output('report', markdownPath), output('sarif', sarifPath), output('regressed', String(report.counts.regressed))].join(''));
    }
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
    return failsOn(report, failOn) ? 1 : 0;
  } catch (error) {
    const message =
      error instanceof RefError
        ? new InputError(`input ${error.role}`, 'a branch, tag or commit in this repository (check out with fetch-depth: 0 so it is there)', error.ref).message
        : error instanceof Error
          ? error.message
          : String(error);
    stdout(`::error title=Init Lens review::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
    return 2;
  }
}

/** depth/width/activation/batch inputs, checked like check's flags but named as the inputs they are. */
function assumedDefaults(env: Env): ReturnType<typeof parseDefaults> {
  const given = Object.fromEntries((['depth', 'width', 'activation', 'batch'] as const).flatMap((key) => (input(env, key) !== '' ? [[key, input(env, key)]] : [])));
  try {
    return parseDefaults(given);
  } catch (error) {
    throw new Error((error instanceof Error ? error.message : String(error)).replace(/^--(depth|width|activation|batch)\b/, 'input $1'));
  }
}

/** One `name<<DELIMITER … DELIMITER` entry for the GITHUB_OUTPUT file (safe for any value, multi-line included). */
export function output(name: string, value: string): string {
  const delimiter = `init-lens-${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

if (require.main === module) {
  void runAction({ env: process.env, stdout: (text) => process.stdout.write(text) }).then((code) => {
    process.exitCode = code;
  });
}
