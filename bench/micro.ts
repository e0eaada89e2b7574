/**
 * Micro-benchmarks of the hot path's pieces (in-process, no network), used to justify source changes:
 *   bun run bench/micro.ts [--json]
 * - TradeEvent decode (the listener's per-trade cost) over 200 traders x 20 mints;
 * - pubkey base58 (pubkeyAt) on repeating keys;
 * - PDA derivation for a new launch (ATA x2 + creator vault), and with a full derivation cache;
 * - the ed25519 on-curve check PDA derivation runs per bump (WebAssembly, Number-limb and BigInt paths);
 * - the launch gate's microtask deferral vs an immediate decision;
 * - signIntent of a buy on a never-seen mint (the byte template), and the generic compiler for comparison.
 */
import { createHash } from "node:crypto";
import { decodePumpEvent, encodeTradeEvent, makeTradeEvent, pubkeyAt } from "../src/chain/pump/index.ts";
import { encodeBase58Key } from "../src/chain/base58.ts";
import { deriveAssociatedTokenAddress, deriveCreatorVault, clearPdaCache } from "../src/chain/pump/pda.ts";
import { TOKEN_PROGRAM_ID } from "../src/chain/pump/constants.ts";
import { isOnCurve, isOnCurveJs, isOnCurveReference } from "../src/chain/pump/curve25519.ts";
import { percentiles } from "./lib/stats.ts";

const key = (s: string): string => encodeBase58Key(createHash("sha256").update(s).digest());
const out: Record<string, unknown> = {};

function timeIt(name: string, n: number, f: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 2000); i++) f(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  const ms = performance.now() - t0;
  out[name] = { per_s: Math.round((n / ms) * 1000), us_each: Math.round((ms / n) * 1e6) / 1000 };
}

// 1. TradeEvent decode
const mints = Array.from({ length: 20 }, (_, i) => key(`m${i}`));
const users = Array.from({ length: 200 }, (_, i) => key(`u${i}`));
const frames = Array.from({ length: 4000 }, (_, i) =>
  encodeTradeEvent(makeTradeEvent({ mint: mints[i % 20]!, user: users[i % 200]!, creator: key(`c${i % 20}`), isBuy: i % 3 !== 0 })),
);
timeIt("decode_trade_event", 400_000, (i) => void decodePumpEvent(frames[i % frames.length]!));
// 2. pubkeyAt on repeating keys, and on fresh keys (cache misses)
const keyBytes = frames.map((f) => f.subarray(8, 40));
timeIt("pubkey_at_repeating", 1_000_000, (i) => void pubkeyAt(keyBytes[i % keyBytes.length]!, 0));
const fresh = Array.from({ length: 100_000 }, (_, i) => createHash("sha256").update(`f${i}`).digest());
timeIt("pubkey_at_fresh", 100_000, (i) => void pubkeyAt(fresh[i]!, 0));
// 3. PDA derivation of a new launch (what a buy of a never-seen mint derives)
const wallet = key("wallet");
const derive = (i: number): void => {
  const mint = encodeBase58Key(fresh[i % fresh.length]!);
  const creator = encodeBase58Key(fresh[(i + 7) % fresh.length]!);
  deriveAssociatedTokenAddress(wallet, mint, TOKEN_PROGRAM_ID);
  deriveAssociatedTokenAddress(key(`bc${i}`), mint, TOKEN_PROGRAM_ID);
  deriveCreatorVault(creator);
};
clearPdaCache();
{
  const xs: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const t0 = performance.now();
    derive(i);
    xs.push((performance.now() - t0) * 1000);
  }
  out.pda_new_launch_us = percentiles(xs.slice(500));
  // With the cache full (>= its bound): insertion cost once eviction runs.
  const ys: number[] = [];
  for (let i = 3000; i < 20_000; i++) {
    const t0 = performance.now();
    derive(i);
    if (i >= 15_000) ys.push((performance.now() - t0) * 1000);
  }
  out.pda_new_launch_cache_full_us = percentiles(ys);
}
// 3b. The on-curve check alone, per call, on sha256 outputs (what a bump produces).
{
  const xs: number[] = [];
  for (let i = 0; i < 60_000; i++) {
    const b = fresh[i % fresh.length]!;
    const t0 = performance.now();
    isOnCurve(b);
    if (i >= 10_000) xs.push((performance.now() - t0) * 1000);
  }
  out.pda_on_curve_check_us = percentiles(xs);
  timeIt("pda_on_curve_check_js_limbs", 50_000, (i) => void isOnCurveJs(fresh[i % fresh.length]!));
  timeIt("pda_on_curve_check_bigint", 20_000, (i) => void isOnCurveReference(fresh[i % fresh.length]!));
}
// 4. Launch gate deferral: queueMicrotask vs a direct call (the cost of seeing the dev buy first).
{
  const n = 50_000;
  const xs: number[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let i = 0;
  const step = (): void => {
    const t0 = performance.now();
    queueMicrotask(() => {
      xs.push((performance.now() - t0) * 1000);
      if (++i < n) setImmediate(step);
      else resolveDone();
    });
  };
  step();
  await done;
  out.gate_microtask_defer_us = percentiles(xs);
}
// 5. signIntent of a buy on a never-seen mint (PDAs + message + native signature): the executor's build step,
// then the same buys through the generic instruction compiler (what signIntent used before the byte template).
{
  const { signIntent } = await import("../src/executor/build.ts");
  const { buildSignedBuyTransaction } = await import("../src/chain/tx-builder.ts");
  const { createSigner } = await import("../src/chain/signer.ts");
  const signer = createSigner(new Uint8Array(32).fill(9));
  const fee = key("fee");
  const blockhash = key("blockhash");
  // Inputs are built before the clock starts; only the build + sign call is timed.
  const run = <T>(offset: number, make: (mint: string, p: { bondingCurve: string; creator: string }) => T, sign: (x: T) => void): number[] => {
    const xs: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const mint = encodeBase58Key(fresh[(i + offset) % fresh.length]!);
      const x = make(mint, { bondingCurve: key(`bc-${offset}-${i}`), creator: encodeBase58Key(fresh[(i + offset + 20_000) % fresh.length]!) });
      const t0 = performance.now();
      sign(x);
      xs.push((performance.now() - t0) * 1000);
    }
    return xs.slice(500);
  };
  out.sign_intent_new_mint_us = percentiles(
    run(
      50_000,
      (mint, p) => ({
        mint,
        params: {
          side: "buy" as const, lamports: 10_000_000n, minTokensOut: 1n, expectedTokens: 2n, microLamportsPerCu: 100_000n,
          computeUnitLimit: 120_000, tokenProgram: TOKEN_PROGRAM_ID, launchSignature: "x", ...p,
        },
      }),
      (x) => void signIntent(signer, x.mint, x.params, fee, blockhash),
    ),
  );
  out.sign_buy_generic_new_mint_us = percentiles(
    run(
      30_000,
      (mint, p) => ({
        signer, mint, ...p, tokenProgram: TOKEN_PROGRAM_ID, feeRecipient: fee, recentBlockhash: blockhash,
        computeUnitLimit: 120_000, microLamportsPerCu: 100_000n, spendableSolIn: 10_000_000n, minTokensOut: 1n,
      }),
      (x) => void buildSignedBuyTransaction(x),
    ),
  );
  const msg = new Uint8Array(600);
  timeIt("ed25519_sign_600b", 20_000, (i) => {
    msg[0] = i;
    signer.sign(msg);
  });
}
if (Bun.argv.includes("--json")) console.log(JSON.stringify(out));
else console.log(out);
