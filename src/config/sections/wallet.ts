import { int, section } from "../fields.ts";

const lamports = () => int(0, Number.MAX_SAFE_INTEGER);

/** `[wallet]`: the live balance floor and the sim wallet's top-up (floor, amount, check interval, rate bound). */
export const walletSection = section({
  minBalanceLamports: lamports().default(50_000_000),
  simFloorLamports: lamports().default(1_000_000_000),
  simAirdropLamports: lamports().default(10_000_000_000),
  simTopUpCheckMs: int(100, 600_000).default(2_000),
  simAirdropMinIntervalMs: int(100, 3_600_000).default(5_000),
});
