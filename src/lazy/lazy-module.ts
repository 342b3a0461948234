/**
 * A module the first script loads only when it is needed: `load()` fetches it once (every
 * later call shares that promise), `get()` is the module once it is there. A failed load (the
 * shopper went offline, a deploy replaced the chunk) is forgotten, so the next `load()` tries
 * again instead of failing for the life of the page.
 */
export interface LazyModule<T> {
  load(): Promise<T>;
  get(): T | undefined;
}

export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    load() {
      loading ??= importer().then(
        (module) => (loaded = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    get: () => loaded,
  };
}

/**
 * Runs `task` when the page is idle (or after `timeoutMs` at the latest); browsers without
 * requestIdleCallback get a plain timeout.
 */
export function whenIdle(task: () => void, timeoutMs = 2_000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: timeoutMs });
  else setTimeout(task, 200);
}
