/** "Copy link" under the QR code: the clipboard when the browser lets us, else the link shown to copy by hand. */

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
