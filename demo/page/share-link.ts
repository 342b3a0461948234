/**
 * "Share this setup": copies the page's address (which holds the setup, see setup.ts) to the
 * clipboard and says so in a live status. Where the clipboard is refused (no permission, an
 * insecure origin, an older browser) the link is shown selected in a read-only field instead,
 * for the visitor to copy by hand.
 */
import type { DemoStrings } from './strings.js';

export class ShareLink {
  constructor(
    button: HTMLButtonElement,
    private readonly status: HTMLElement,
    private readonly field: HTMLInputElement,
    private strings: DemoStrings,
  ) {
    button.addEventListener('click', () => void this.share());
  }

  setStrings(strings: DemoStrings): void {
    this.strings = strings;
    this.field.setAttribute('aria-label', strings.shareLinkLabel);
    this.reset();
  }

  /** Forgets an earlier share: once the setup changes, that link is no longer this setup. */
  reset(): void {
    this.status.textContent = '';
    this.field.hidden = true;
    this.field.value = '';
  }

  private async share(): Promise<void> {
    const url = location.href;
    try {
      // Absent on an insecure origin: the TypeError lands in the catch like a refusal.
      await navigator.clipboard.writeText(url);
      this.field.hidden = true;
      this.status.textContent = this.strings.shareCopied;
    } catch {
      this.field.value = url;
      this.field.hidden = false;
      this.status.textContent = this.strings.shareCopyBelow;
      this.field.focus();
      this.field.select();
    }
  }
}
