/**
 * The static demo's records across a reload: the simulator's state and the kit's sessions,
 * saved in this tab's sessionStorage. A tab, not the browser: two tabs of the demo are two
 * shops, as two `npm start`s would be, and neither overwrites the other's records. The
 * element keeps its own session in the same tab's sessionStorage, so a reload mid-payment
 * finds both ends of it.
 */
import type { MemoryStoreSnapshot } from '../../server/store/memory-store.js';
import type { SimSnapshot } from '../../simulator/simulator-core.js';

const KEY = 'paynet-checkout-demo:records';
/** Saved again with a new shape, a version makes an old record read as none rather than as garbage. */
const VERSION = 1;
/** Writes come in bursts (one payment touches both stores several times): one save per burst. */
const SAVE_DELAY_MS = 50;

export interface SavedState {
  simulator: SimSnapshot;
  store: MemoryStoreSnapshot;
}

export function loadSavedState(storage: Storage = sessionStorage): SavedState | undefined {
  try {
    const text = storage.getItem(KEY);
    if (text === null) return undefined;
    const parsed = JSON.parse(text) as { version?: unknown; state?: SavedState };
    return parsed.version === VERSION && parsed.state && typeof parsed.state === 'object' ? parsed.state : undefined;
  } catch {
    // Unreadable or refused storage (a private window's quota): the demo starts empty.
    return undefined;
  }
}

export class SavedStateWriter {
  /** What to save; set once both stores exist. */
  source: (() => SavedState) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly storage: Storage = sessionStorage) {}

  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.source) return;
    try {
      this.storage.setItem(KEY, JSON.stringify({ version: VERSION, state: this.source() }));
    } catch {
      // Over quota: the demo goes on; only a reload would forget.
    }
  }
}
