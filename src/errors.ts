/**
 * Error kinds decide the recovery, as in freqtrade: the caller looks at `kind`, never at the message.
 * - transient: retry with backoff (timeouts, 429, dropped sockets)
 * - rejected: this item is refused, skip it and go on (bad frame, filter veto, slippage)
 * - config: the user must fix something; stop before starting
 * - invariant: a bug; crash the actor and let its supervisor restart it
 */
export type ErrorKind = "transient" | "rejected" | "config" | "invariant";

/** The one error class of the bot; its kind tells the caller how to recover. */
export class SniperError extends Error {
  override readonly name = "SniperError";
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** A plain object safe to log or return over HTTP (no stack, no cause chain). */
  toJSON(): { kind: ErrorKind; message: string; details: Record<string, unknown> } {
    return { kind: this.kind, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into an Error, so handlers never have to guess. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === "string" ? thrown : JSON.stringify(thrown) ?? String(thrown));
}
