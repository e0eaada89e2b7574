import { int, section } from "../fields.ts";

const lamports = () => int(0, Number.MAX_SAFE_INTEGER);

/** `[wallet]`: the live balance floor and the sim wallet's top-up. */
export const walletSection = section({
  minBalanceLamports: lamports().default(50_000_000),
  simFloorLamports: lamports().default(1_000_000_000),
  simAirdropLamports: lamports().default(10_000_000_000),
});
