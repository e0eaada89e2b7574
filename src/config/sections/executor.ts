import { z } from "zod";
import { bool, int, isUrl, oneOf, section, text } from "../fields.ts";

/**
 * `[executor]`: how a trade transaction is built, sent, confirmed and retried (what a snipe spends and
 * its slippage are `[filters]` settings). `bundleUrl` adds a Jito-style sendBundle sender; it is
 * redacted like every URL since it may carry a key.
 */
export const executorSection = section({
  computeUnitLimit: int(1_000, 1_400_000).default(120_000),
  priorityFee: section({
    mode: oneOf(["fixed", "dynamic"] as const).default("fixed"),
    fixedMicroLamports: int(0, 1_000_000_000).default(100_000),
    percentile: int(0, 100).default(75),
    floorMicroLamports: int(0, 1_000_000_000).default(10_000),
    capMicroLamports: int(0, 1_000_000_000).default(2_000_000),
    refreshMs: int(100, 600_000).default(2_000),
  }),
  blockhashRefreshMs: int(50, 60_000).default(400),
  maxBlockhashAgeMs: int(500, 60_000).default(10_000),
  confirmPollMs: int(50, 60_000).default(400),
  confirmTimeoutMs: int(1_000, 600_000).default(90_000),
  maxRetries: int(0, 10).default(2),
  // Signing-path cache warm-up period (ms; 0 = off): ~25 us of CPU per pass, ~40-50 us off every snipe.
  warmIntervalMs: int(0, 1_000).default(2),
  // The warm-up rehearses the whole launch path (decode, filters, the intent's write ahead, every 10th pass
  // the send to a sink in the bot), not only the signature: ~50 us off every snipe's median, ~5 % of a core
  // on its 2 ms timer; no memory price in alternated soaks (README "Executor").
  rehearseLaunchPath: bool().default(true),
  bundleUrl: z.optional(text().refine((v) => isUrl(v, ["http", "https"]), { error: "must be an http(s) URL" })),
});
