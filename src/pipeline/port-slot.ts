/**
 * A slot an actor binds its service into while it runs, and unbinds in its cleanup. The hot path calls
 * through the slot (a plain function call, no event round trip); while the actor restarts the slot is
 * empty and the caller takes its "unavailable" branch (skip and record why) instead of throwing.
 */
export class PortSlot<T> {
  private impl: T | undefined;
  private generation = 0;

  constructor(readonly name: string) {}

  /** Binds `impl`; the returned function unbinds it, but only if nothing newer was bound since. */
  bind(impl: T): () => void {
    this.impl = impl;
    const mine = ++this.generation;
    return () => {
      if (this.generation === mine) this.impl = undefined;
    };
  }

  /** The bound service, or undefined while its actor is (re)starting or stopped. */
  get(): T | undefined {
    return this.impl;
  }
}
