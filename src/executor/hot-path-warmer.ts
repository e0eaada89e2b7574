/**
 * Keeps the snipe's signing path in the CPU caches. Between two launches the bot decodes thousands of
 * trades, commits history and serves the status page; by the time a launch arrives, the ed25519 tables,
 * SHA-256 and the curve check have been evicted, and the same code runs 2-3x slower than in a loop
 * (measured in the bot: signing ~46 us cold vs ~24 us warm, address derivation ~37 vs ~12 us). A warm-up
 * pass every `intervalMs` re-runs that work on throwaway inputs: a buy built from the template for a
 * dummy mint, signed by a throwaway key (never the wallet's), plus one uncached address derivation.
 * Nothing it produces leaves this module: no send, no journal, no cache entry beyond the dummy mint's.
 */
import { buildSignedBuyTransactionFast } from "../chain/buy-template.ts";
import { encodeBase58Key } from "../chain/base58.ts";
import { createSigner, type Signer } from "../chain/signer.ts";
import { findProgramAddress } from "../chain/pump/pda.ts";
import { protectSigner } from "../wallet/protect.ts";

/** One warm-up pass over the signing path; `passes` counts them (tests, status). */
export interface HotPathWarmer {
  warm(): void;
  readonly passes: number;
}

/** A warmer with its own throwaway key and dummy accounts (random: nothing depends on their values). */
export function createHotPathWarmer(): HotPathWarmer {
  const bytes = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
  // Wrapped as the bot wraps its wallet: the builder's `signer.sign` call then has one target for the
  // warm-up and the real buys (a second one made real buys fall out of the optimised builder).
  const throwaway: Signer = protectSigner(createSigner(bytes(32)));
  const key = (): string => encodeBase58Key(bytes(32));
  const dummy = { mint: key(), creator: key(), bondingCurve: key(), feeRecipient: key(), recentBlockhash: key() };
  // Seeds of the uncached derivation: varied each pass, so its hash and curve check really run.
  const seed = bytes(32);
  const program = bytes(32);
  let passes = 0;
  return {
    warm() {
      seed[0] = passes & 0xff;
      seed[1] = (passes >> 8) & 0xff;
      findProgramAddress([throwaway.publicKeyBytes, program, seed], program);
      buildSignedBuyTransactionFast({
        signer: throwaway,
        ...dummy,
        computeUnitLimit: 120_000,
        microLamportsPerCu: 100_000n,
        spendableSolIn: 1_000_000n + BigInt(passes & 0xffff),
        minTokensOut: 1n,
      });
      passes++;
    },
    get passes() {
      return passes;
    },
  };
}

/** Runs `warmer` every `intervalMs` until `signal` aborts (0 = never); the timer never keeps the process alive. */
export function startHotPathWarmer(warmer: HotPathWarmer, intervalMs: number, signal: AbortSignal, onError: (e: unknown) => void): void {
  if (intervalMs <= 0 || signal.aborted) return;
  const timer = setInterval(() => {
    try {
      warmer.warm();
    } catch (e) {
      clearInterval(timer);
      onError(e);
    }
  }, intervalMs);
  (timer as { unref?: () => void }).unref?.();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}
