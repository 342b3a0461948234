/**
 * In-process fan-out of "session X was written", the notice a long-poll waits on. Each store
 * keeps one: the memory and SQL stores emit on their own writes, the Redis store also on every
 * pub/sub message (one subscription per process, fanned out here), so a process holds one
 * listener set per watched session however many requests wait on it.
 */
export type SessionChangeListener = () => void;

export class SessionChanges {
  private readonly listeners = new Map<string, Set<SessionChangeListener>>();

  /** Calls `listener` after each write to session `id`; the function returned stops it. */
  subscribe(id: string, listener: SessionChangeListener): () => void {
    let set = this.listeners.get(id);
    if (!set) {
      set = new Set();
      this.listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(id);
      if (!current?.delete(listener)) return;
      if (current.size === 0) this.listeners.delete(id);
    };
  }

  /** Tells the listeners of `id`; one that throws does not stop the others. */
  emit(id: string): void {
    const set = this.listeners.get(id);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener();
      } catch {
        // A listener only schedules a read; its failure is its own.
      }
    }
  }

  /** Listeners registered now, over all sessions (tests check nothing leaks). */
  get size(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }
}
