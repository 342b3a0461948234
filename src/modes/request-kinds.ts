/**
 * Every way a payment can start, one line each: what the flow and the runner need to know of a
 * StartRequest kind. Pure (no DOM, no fetch of its own: the transport is handed in), so the
 * machine can read `oneShot` and `keep` and the runner can call `send`. A new method adds its
 * module under src/modes/ and one line here (plus its variant of StartRequest).
 */
import type { StartRequest } from '../flow/types.js';
import { cardKind } from './card/card-kind.js';
import type { RequestKind } from './request-kind.js';
import { reversalKind } from './reversal/reversal-kind.js';
import { saleKind } from './paypos/sale-kind.js';

export type { RequestKind, RouteName, Routes, SendContext, StartAnswer } from './request-kind.js';

type KindOf<K extends StartRequest['kind']> = RequestKind<Extract<StartRequest, { kind: K }>>;

const REQUEST_KINDS: { readonly [K in StartRequest['kind']]: KindOf<K> } = {
  sale: saleKind,
  reversal: reversalKind,
  card: cardKind,
};

/** The kind of `request`, typed for that request (TypeScript cannot follow the pairing itself). */
export function requestKind<R extends StartRequest>(request: R): RequestKind<R> {
  return REQUEST_KINDS[request.kind] as unknown as RequestKind<R>;
}
