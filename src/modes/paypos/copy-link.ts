/** "Copy link" under the QR code: the clipboard when the browser lets us, else the link shown to copy by hand. */
import type { ReactiveControllerHost } from 'lit';

export type CopyState = 'idle' | 'copied' | 'fallback';

/** 'fallback' when the clipboard is missing or refuses (it needs permission and focus). */
export async function copyLink(link: string): Promise<Exclude<CopyState, 'idle'>> {
  try {
    if (navigator.clipboard === undefined) throw new Error('no clipboard');
    await navigator.clipboard.writeText(link);
    return 'copied';
  } catch {
    return 'fallback';
  }
}

/**
 * The button's state on the element: a change re-renders it, and the fallback's field takes
 * focus to copy by hand. No lifecycle of its own, so it is not added to the host's controllers.
 */
export class CopyLink {
  state: CopyState = 'idle';

  constructor(private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode }) {}

  readonly copy = async (link: string): Promise<void> => {
    this.state = await copyLink(link);
    this.host.requestUpdate();
    if (this.state !== 'fallback') return;
    await this.host.updateComplete;
    const input = this.host.renderRoot.querySelector<HTMLInputElement>('#copy-fallback');
    input?.focus();
    input?.select();
  };

  reset(): void {
    this.state = 'idle';
    this.host.requestUpdate();
  }
}
