// init-lens: the command-line front end. It dispatches; each command lives in its own file.

import { InputError } from '../core/errors';
import { runCheck } from './checkCommand';
import { runReview } from './reviewCommand';
import { runSimulate } from './simulateCommand';
import { runSweepCommand } from './sweepCommand';

const USAGE = `Usage: init-lens <command> [options]

Commands:
  simulate   simulate one initialization through a deep network (init-lens simulate --help)
  sweep      compare schemes × activations, gains, depths or widths (init-lens sweep --help)
  check      find the init code in .py and .ipynb files and give each site a verdict
             (init-lens check PATH... --help)
  review     what a git change does to the init sites it touches, before vs after; text, Markdown,
             JSON, SARIF or GitHub annotations (init-lens review [--base REF] [PATH...] --help)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'simulate':
        return await runSimulate(rest, (text) => process.stdout.write(text));
      case 'check':
        return runCheck(rest, (text) => process.stdout.write(text));
      case 'sweep':
        return await runSweepCommand(rest, (text) => process.stdout.write(text), process.stderr.isTTY ? (text) => process.stderr.write(`\r${text}   `) : undefined);
      case 'review':
        return await runReview(rest, { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true, cwd: process.cwd() });
      case undefined:
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError('command', 'one of: simulate, check, sweep, review', command);
    }
  } catch (error) {
    process.stderr.write(`init-lens: ${describeError(error)}\n`);
    return 2;
  }
}

function describeError(error: unknown): string {
  if (error instanceof InputError) return error.message;
  // parseArgs reports unknown or malformed options as TypeErrors with a readable message.
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
