/**
 * Where a session is kept across a reload, and a peek at whether anything is: the first script
 * asks that before it loads the runtime (which reads and checks what is kept).
 */

/** The watched list sits next to the pending session, under a key derived from it. */
export function watchedKey(key: string): string {
  return `${key}:watched`;
}

export function defaultStorage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

/** Anything kept under `key`, valid or not (the runtime drops what it cannot use). */
export function anythingSaved(key: string, storage: () => Storage | undefined = defaultStorage): boolean {
  try {
    const kept = storage();
    return kept !== undefined && (kept.getItem(key) !== null || kept.getItem(watchedKey(key)) !== null);
  } catch {
    return false;
  }
}
