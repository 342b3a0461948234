/** Field readers for request bodies. Each throws InvalidRequest naming the field (never its value). */
import type { JsonObject } from './http-io.js';
import { InvalidRequest } from './replies.js';

export function optionalString(body: JsonObject, name: string, maxLength = 256): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidRequest(`${name} must be a string`);
  if (value.length > maxLength) throw new InvalidRequest(`${name} must be at most ${maxLength} characters`);
  return value;
}

export function requiredString(body: JsonObject, name: string, maxLength = 256): string {
  const value = optionalString(body, name, maxLength);
  if (value === undefined || value.trim() === '') throw new InvalidRequest(`${name} is required`);
  return value;
}

export function optionalBoolean(body: JsonObject, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InvalidRequest(`${name} must be a boolean`);
  return value;
}

export function optionalInteger(body: JsonObject, name: string, min: number, max: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InvalidRequest(`${name} must be an integer`);
  if (value < min || value > max) throw new InvalidRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

/** Paynet's card fields are documented as int but shown as strings in its own example: take both. */
export function integerLike(body: JsonObject, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,4}$/.test(value)) return Number(value);
  throw new InvalidRequest(`${name} must be an integer`);
}
