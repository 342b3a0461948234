/** What the polite live region says for each state, so screen readers hear every change once. */
import type { CheckoutState } from '../flow/types.js';
import type { Strings } from '../i18n/strings.js';
import type { CopyState } from '../modes/paypos/copy-link.js';

export function announcement(state: CheckoutState, s: Strings, copyState: CopyState): string {
  switch (state.status) {
    case 'idle':
      return '';
    case 'creating':
      return s.announce.creating;
    case 'awaiting': {
      if (state.cancelling) return s.cancelling;
      if (state.reconnecting) return s.reconnecting;
      if (copyState === 'copied') return s.linkCopied;
      if (state.handoff === 'device') return s.announce.awaitingDevice;
      return state.handoff === 'deeplink' ? s.announce.awaitingDeeplink : s.announce.awaitingQr;
    }
    default:
      return s.announce[state.status];
  }
}
