/**
 * Styles that arrive with a chunk (the QR code's, the card fields', the views after Pay). lit
 * fixes an element's static styles when its class is defined, so a chunk's own sheet is added
 * to the shadow root's adopted sheets when the chunk is first rendered, after the element's
 * own (the cascade order the single sheet had). Constructable sheets, as lit's: `style-src`
 * does not govern them.
 */
import { adoptStyles, isServer, type CSSResult, type ReactiveElement } from 'lit';

const adoptedBy = new WeakMap<object, CSSResult[]>();

/** Adds `styles` to `host`'s shadow root once; later calls with the same sheet do nothing. */
export function adoptChunkStyles(host: { readonly renderRoot: unknown; readonly constructor: unknown }, styles: CSSResult): void {
  const root = host.renderRoot;
  if (isServer || typeof ShadowRoot === 'undefined' || !(root instanceof ShadowRoot)) return;
  const adopted = adoptedBy.get(host) ?? [];
  if (adopted.includes(styles)) return;
  adopted.push(styles);
  adoptedBy.set(host, adopted);
  adoptStyles(root, [...(host.constructor as typeof ReactiveElement).elementStyles, ...adopted]);
}
