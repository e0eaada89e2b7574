import { z } from "zod";
import { section, strictBool, text } from "../fields.ts";

/**
 * `[live]`: real sends. `confirm` must be literally `true` for live mode to start; the signing key comes
 * from `SNIPER_WALLET_SECRET` or from `keypairPath` (a Solana CLI JSON keypair file), never from this file.
 */
export const liveSection = section({
  confirm: strictBool().default(false),
  keypairPath: z.optional(text()),
});
