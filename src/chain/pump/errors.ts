import { SniperError } from "../../errors.ts";

/** Why bytes could not be decoded. */
export type PumpDecodeReason = "discriminator" | "truncated" | "invalid";

/** A pump.fun payload that cannot be decoded: kind 'rejected' (skip the item and go on). */
export class PumpDecodeError extends SniperError {
  constructor(
    readonly reason: PumpDecodeReason,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super("rejected", message, { reason, ...details });
  }
}

/** Input an encoder or builder cannot turn into bytes (a bad pubkey, an out-of-range integer). */
export class PumpEncodeError extends SniperError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("rejected", message, details);
  }
}
