// Readers for fields of untrusted webview messages: each names the field and what it allows, in
// InputError's wording ("setup.options.batch must be an integer from 1 to 1000000 (got 0)").

import { requireFinite, requireInteger } from '../core/errors';

export type Json = Record<string, unknown>;

export function invalid(path: string, allowed: string, got: string): Error {
  return new Error(`${path} must be ${allowed} (got ${got})`);
}

/** Own properties only, so nothing comes from a prototype. */
export function field(o: Json, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function object(path: string, value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(path, 'an object', typeOf(value));
  return value as Json;
}

export function array(path: string, value: unknown, max: number): unknown[] {
  if (!Array.isArray(value)) throw invalid(path, `an array of at most ${max} items`, typeOf(value));
  if (value.length > max) throw invalid(path, `an array of at most ${max} items`, `${value.length} items`);
  return value;
}

export function integer(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw invalid(path, `an integer from ${min} to ${max}`, typeOf(value));
  return requireInteger(path, value, min, max);
}

export function finite(path: string, value: unknown): number {
  if (typeof value !== 'number') throw invalid(path, 'a finite number', typeOf(value));
  return requireFinite(path, value);
}

export function text(path: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalid(path, `a string of at most ${max} characters`, typeOf(value));
  if (value.length > max) throw invalid(path, `a string of at most ${max} characters`, `${value.length} characters`);
  return value;
}

export function oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(path, `one of ${allowed.join(', ')}`, typeOf(value));
  }
  return value as T;
}

/** What a bad value was, briefly (never the whole of a huge string or object). */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'undefined') return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
