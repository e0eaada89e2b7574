/**
 * Launch-rate limiter: at most `max` buys in any sliding window of `windowMs` (a minute). A ring of the
 * last `max` buy times: the window is full exactly when the oldest of them is still inside it. O(1),
 * no allocation after construction; time is passed in (monotonic ms from the injected clock).
 */
export class LaunchRateLimiter {
  private readonly ring: Float64Array;
  private head = 0;
  private size = 0;

  /** `max` 0 means unlimited. */
  constructor(readonly max: number, readonly windowMs = 60_000) {
    this.ring = new Float64Array(Math.max(1, max));
  }

  /** True when one more buy now would exceed the limit. */
  isFull(nowMono: number): boolean {
    if (this.max === 0) return false;
    return this.size === this.max && this.ring[this.head]! > nowMono - this.windowMs;
  }

  /** Buys inside the window ending now. */
  count(nowMono: number): number {
    let n = 0;
    const from = nowMono - this.windowMs;
    for (let i = 0; i < this.size; i++) if (this.ring[i]! > from) n++;
    return n;
  }

  /** Records a buy at `nowMono` (overwrites the oldest once `max` are held). */
  record(nowMono: number): void {
    if (this.max === 0) return;
    this.ring[this.head] = nowMono;
    this.head = (this.head + 1) % this.max;
    if (this.size < this.max) this.size++;
  }
}
