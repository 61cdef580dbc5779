// Shared argument helpers: parseArgs plus the conveniences users expect from a numeric CLI.

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
