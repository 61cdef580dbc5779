// Bad input gets one clear line naming the input and the allowed range (design.md §7).

export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly allowed: string,
    readonly got: unknown,
  ) {
    super(`${input} must be ${allowed} (got ${formatValue(got)})`);
    this.name = 'InputError';
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function requireInteger(input: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(input, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function requireFinite(input: string, value: number, min = -Infinity, max = Infinity): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a finite number ≥ ${min}`
          : `a finite number from ${min} to ${max}`;
    throw new InputError(input, range, value);
  }
  return value;
}
