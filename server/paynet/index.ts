/**
 * Paynet's vocabulary, written from Paynet's own pages (paynet-api.md, seeds 000–004): wire
 * types, return codes, the HTTP error object, the Status data type and tolerant readers for
 * the fields the pages disagree on. The client reads Paynet with it and the simulator speaks it.
 */
export * from './return-codes.js';
export * from './error-object.js';
export * from './transaction-status.js';
export * from './tolerant-read.js';
export * from './device-codes.js';
export type * from './wire.js';
