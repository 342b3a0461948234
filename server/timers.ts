/**
 * A timer that must not keep a Node process alive (a sweep, a lease renewal, a reconciler
 * tick). Browser timers are plain numbers with no `unref`, and this compiles under the DOM lib
 * alone as well as with Node's types, so the kit's request path runs in both hosts.
 */
export function unrefTimer(timer: ReturnType<typeof setTimeout>): void {
  (timer as unknown as { unref?: () => void }).unref?.();
}
