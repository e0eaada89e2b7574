/**
 * Keeps the snipe path compiled and in the CPU caches. Between two launches the bot decodes thousands of
 * trades, commits history and serves the status page; by the time a launch arrives, the launch path's
 * code and tables (the create decoder, the filters, the ed25519 tables and SHA-256, the write-ahead
 * encoding) have been evicted, and the same code runs 2-3x slower than in a loop (measured in the bot:
 * signing ~46 us cold vs ~24 us warm, address derivation ~37 vs ~12 us). A warm-up pass every
 * `intervalMs` rehearses that work on throwaway inputs: a buy built from the template for fresh random
 * keys (a new mint, curve and creator each pass, so its address derivations miss the cache as a launch's
 * do; none is kept), signed by a throwaway key (never the wallet's); with
 * `executor.rehearseLaunchPath` also the steps the bot adds (the launch frame's decode and the launch
 * gate's decision, listener/launch-rehearsal.ts) and the journal's encoding of that buy's intent into
 * scratch memory (the journal option), and every 10th pass the transaction's send to a sink inside the
 * bot (the send option, ./send-rehearsal.ts: the real senders' code and socket write, never an RPC). With
 * the buy option, the first BUY_RAMP_PASSES passes and then every BUY_EVERY_PASSES-th instead run the whole
 * buy through a scratch executor and journal (./buy-rehearsal.ts: the executor's own buy, submit and send,
 * the journal's write ahead and commit).
 * Nothing it produces reaches an RPC, the journal, the database or the decision records, and nothing
 * enters the real derivation cache.
 */
import { encodeBase58Key } from "../chain/base58.ts";
import { createSigner, type Signer } from "../chain/signer.ts";
import { withoutPdaCaching } from "../chain/pump/pda.ts";
import { protectSigner } from "../wallet/protect.ts";
import { signIntent } from "./build.ts";
import { newIntent, type IntentJournal, type IntentParams } from "./journal.ts";
import type { OutgoingTx } from "./senders.ts";
import { initialCurve, type CurveReserves } from "../domain/curve.ts";
import { withPosition, type BuyRequest } from "../pipeline/orders.ts";

/** One warm-up pass over the snipe path; `passes` counts them (tests, status). */
export interface HotPathWarmer {
  warm(): void;
  readonly passes: number;
  /** Steps added with addStep. */
  readonly steps: number;
  /** Adds a step run first in every pass, in the order added (the bot adds the launch's decode and filters). */
  addStep(step: () => void): void;
}

/** What a warmer rehearses besides signing. */
export interface HotPathWarmerOptions {
  /** Its `rehearseIntent` encodes each pass's intent as the real write ahead would (nothing recorded). */
  journal?: Pick<IntentJournal, "rehearseIntent">;
  /** Wall clock for the rehearsed intent's times (the executor's clock). */
  now?: () => number;
  /** Posts the pass's throwaway transaction after its intent's rehearsal, every SEND_EVERY_PASSES passes (the executor binds it to its sink). */
  send?: (tx: OutgoingTx) => void;
  /**
   * On the passes isBuyPass names, before signing: rehearses the pass's buy whole (the executor binds it to
   * its scratch executor, ./buy-rehearsal.ts). True when it did: that pass then signs and sends nothing else.
   */
  buy?: (req: BuyRequest, reserves: CurveReserves) => boolean;
}

/**
 * The send step runs on every 10th pass (20 ms at the default period): a post costs ~100 us of CPU (the
 * poster's and the sink's socket events, the kernel's loopback both ways), twice a whole pass without it,
 * and a tenth of the posts keeps the send's code compiled (measured: README, "Where the in-process tail sits").
 */
export const SEND_EVERY_PASSES = 10;

/**
 * The rehearsed buy (the buy option) runs on every BUY_EVERY_PASSES-th pass (100 ms at the default
 * period), one of the send's passes: it posts too, and costs more than a post alone (the executor's and
 * the journal's code, a commit and two updates in the scratch database). Every 10th pass it made the end
 * to end p99 higher in 6 of 8 alternated pairs (a frame that arrives meanwhile waits); every 50th kept the
 * in-process gain without that (README, "Executor").
 */
export const BUY_EVERY_PASSES = 50;

/**
 * The first BUY_RAMP_PASSES passes after start (2 s at the default period) each rehearse the buy: the
 * first launches come seconds after start, when a rehearsal every BUY_EVERY_PASSES passes would have run
 * the executor's code a few dozen times, under the optimizing compilers' thresholds (`bun run start` sets
 * DFG at 100 and FTL at 1,000 runs: package.json). Measured: README, "Executor".
 */
export const BUY_RAMP_PASSES = 1_000;

/** True when pass number `pass` is due a rehearsed buy (the ramp's passes, then every BUY_EVERY_PASSES-th). */
export function isBuyPass(pass: number): boolean {
  return pass < BUY_RAMP_PASSES || pass % BUY_EVERY_PASSES === 0;
}

/** The rehearsed intent's id: fixed, shaped like the real ones (UUIDs); never recorded. */
const REHEARSAL_ID = "00000000-0000-4000-8000-000000000000";
/** The position id of a rehearsed buy: shaped like the real ones, never recorded anywhere real. */
export const REHEARSAL_POSITION = "00000000-0000-4000-8000-000000000001";

/** A fresh curve's reserves, as the bot's curve memory gives them to a buy (copied per pass, as it copies them). */
const REHEARSAL_CURVE: CurveReserves = initialCurve();

/** The buy request of a pass's params, its fields in the launch gate's order (never sent anywhere real). */
function requestOf(mint: string, p: Extract<IntentParams, { side: "buy" }>): BuyRequest {
  const req = { mint, bondingCurve: p.bondingCurve, creator: p.creator, tokenProgram: p.tokenProgram, lamports: p.lamports, minTokensOut: p.minTokensOut, launchReceivedAt: 0, launchSignature: p.launchSignature };
  return withPosition(req, REHEARSAL_POSITION);
}

/** A warmer with its own throwaway key; each pass rehearses a buy for fresh random keys (mint, creator, curve). */
export function createHotPathWarmer(o: HotPathWarmerOptions = {}): HotPathWarmer {
  const bytes = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
  // Wrapped as the bot wraps its wallet: the builder's `signer.sign` call then has one target for the
  // warm-up and the real buys (a second one made real buys fall out of the optimised builder).
  const throwaway: Signer = protectSigner(createSigner(bytes(32)));
  const key = (): string => encodeBase58Key(bytes(32));
  const fixed = { tokenProgram: key(), feeRecipient: key(), recentBlockhash: key(), launchSignature: encodeBase58Key(bytes(32)) + encodeBase58Key(bytes(32)) };
  // The pass's derivations miss the cache as every launch's do (fresh keys) and are not kept: the real
  // cache keeps its entries, and the collector has no inserts to mark (see withoutPdaCaching).
  const steps: (() => void)[] = [];
  const journal = o.journal?.rehearseIntent === undefined ? undefined : o.journal;
  const now = o.now ?? Date.now;
  const send = o.send;
  const buy = o.buy;
  let passes = 0;
  const pass = (): void => {
    for (let i = 0; i < steps.length; i++) steps[i]!();
    const mint = key();
    // The params and intent are built as Executor.buy / submit build them (same shapes).
    const params: Extract<IntentParams, { side: "buy" }> = {
      side: "buy",
      lamports: 1_000_000n + BigInt(passes & 0xffff),
      minTokensOut: 1n,
      expectedTokens: 1n,
      microLamportsPerCu: 100_000n,
      computeUnitLimit: 120_000,
      bondingCurve: key(),
      creator: key(),
      tokenProgram: fixed.tokenProgram,
      launchSignature: fixed.launchSignature,
    };
    if (buy !== undefined && isBuyPass(passes) && buy(requestOf(mint, params), { ...REHEARSAL_CURVE })) return;
    const tx = signIntent(throwaway, mint, params, fixed.feeRecipient, fixed.recentBlockhash);
    journal?.rehearseIntent!(newIntent(REHEARSAL_ID, mint, params, REHEARSAL_POSITION, { signature: tx.signature, blockhash: fixed.recentBlockhash, lastValidBlockHeight: 0, at: now() }));
    if (send !== undefined && passes % SEND_EVERY_PASSES === 0) send({ base64: tx.base64, signature: tx.signature });
  };
  return {
    warm() {
      withoutPdaCaching(pass);
      passes++;
    },
    get passes() {
      return passes;
    },
    get steps() {
      return steps.length;
    },
    addStep(step) {
      steps.push(step);
    },
  };
}

/** Runs `warmer` every `intervalMs` until `signal` aborts (0 = never); the timer never keeps the process alive. */
export function startHotPathWarmer(warmer: Pick<HotPathWarmer, "warm">, intervalMs: number, signal: AbortSignal, onError: (e: unknown) => void): void {
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
