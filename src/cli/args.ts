// Shared argument helpers: parseArgs plus the conveniences users expect from a numeric CLI.

import { InputError } from '../core/errors';

/** `--std -1` is a value, not an option: join it as `--std=-1` before parseArgs sees it. */
export function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const next = argv[i + 1];
    if (token.startsWith('--') && !token.includes('=') && next !== undefined && /^-(\d|\.\d|inf|nan)/i.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new InputError(name, 'given', 'nothing');
  return value;
}

export function number(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InputError(name, 'a finite number', text);
  return value;
}

export function integer(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value)) throw new InputError(name, 'an integer', text);
  return value;
}

export function oneOf<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new InputError(name, `one of ${allowed.join(', ')}`, text);
  return text as T;
}
