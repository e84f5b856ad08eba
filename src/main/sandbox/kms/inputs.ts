// Reading a KMS request's JSON members the way KMS checks them: type errors are
// SerializationException, missing or out-of-range members ValidationException with
// the member named in lower camel case, as AWS names it.
import { AwsError, validationError } from '../core/awsError.js';

export type Input = Record<string, unknown>;

export function str(input: Input, name: string, required: true): string;
export function str(input: Input, name: string, required?: false): string | undefined;
export function str(input: Input, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw validationError(lowerFirst(name), 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${name} must be a string.`);
  return v;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A required base64 member, decoded, whose length is between `min` and `max` bytes. */
export function blob(input: Input, name: string, min: number, max: number): Buffer {
  const v = str(input, name, true);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw new AwsError('SerializationException', `${name} is not valid base64.`);
  }
  const value = Buffer.from(v, 'base64');
  if (value.length < min) throw validationError(lowerFirst(name), `Member must have length greater than or equal to ${min}`, '[hidden]');
  if (value.length > max) throw validationError(lowerFirst(name), `Member must have length less than or equal to ${max}`, '[hidden]');
  return value;
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw validationError(lowerFirst(name), `Member must satisfy enum value set: [${allowed.join(', ')}]`, value);
  return value as T;
}

export function encryptionContext(input: Input): Record<string, string> | undefined {
  const v = input.EncryptionContext;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new AwsError('SerializationException', 'EncryptionContext must be a map of strings.');
  }
  return v as Record<string, string>;
}

export interface Paging {
  limit: number;
  start: number;
}

/** Limit (1–1000, default 100) and Marker of a List operation. */
export function paging(input: Input): Paging {
  const limit = input.Limit === undefined ? 100 : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw validationError('limit', 'Member must have value between 1 and 1000', input.Limit);
  const marker = str(input, 'Marker');
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidMarkerException', 'The marker is not valid.');
  return { limit, start };
}

export function page<T>(items: T[], { limit, start }: Paging): { items: T[]; Truncated: boolean; NextMarker: string | undefined } {
  const truncated = start + limit < items.length;
  return { items: items.slice(start, start + limit), Truncated: truncated, NextMarker: truncated ? String(start + limit) : undefined };
}
