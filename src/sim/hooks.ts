/**
 * The seams between the simulated cluster (server + ledger + pump emulation) and the pluggable parts
 * written elsewhere: the fault plan (src/sim/faults/) and the market model (src/sim/market/).
 * Keep these small and stable: other code is written against them.
 * Money is bigint (lamports, token base units); pubkeys and signatures are base58 strings.
 */

/** What to do with one HTTP JSON-RPC request before it is served. */
export type HttpFault =
  | { kind: "none" }
  | { kind: "status"; status: 429 | 500 | 502 | 503; retryAfterSec?: number }
  | { kind: "delay"; ms: number };

/** What to do with one outgoing websocket notification frame. */
export type WsFrameFault = "send" | "drop-connection" | "malform" | "truncate";

/** The fate of an accepted sendTransaction: applied, silently never landed, or failed on chain. */
export type SendFate = "land" | "never-land" | "fail";

/** Fault injection, consulted by the server on every request / frame / send. */
export interface FaultPolicy {
  /** Called for each HTTP JSON-RPC request (once per batch element); `wallet` is the fee payer for sendTransaction. */
  beforeHttp(method: string, wallet?: string): HttpFault;
  /** Called for each notification frame about to be written to a websocket subscriber. */
  beforeWsFrame(): WsFrameFault;
  /** Called once per new (not duplicate) transaction accepted by sendTransaction. */
  onSendTransaction(signature: string): SendFate;
  /** Called per landed pump transaction: true replaces the tail of its logs with "Log truncated". */
  truncateLogs(): boolean;
  /** Optional: the broken frame to write after `beforeWsFrame` said "malform" / "truncate" (else the server breaks it). */
  corruptFrame?(frame: string, fault: "malform" | "truncate"): string | Uint8Array;
}

/** The default policy: nothing goes wrong. */
export const noFaults: FaultPolicy = {
  beforeHttp: () => ({ kind: "none" }),
  beforeWsFrame: () => "send",
  onSendTransaction: () => "land",
  truncateLogs: () => false,
};

/** Which token program a launch uses: `create` mints SPL Token, `create_v2` mints Token-2022. */
export type TokenProgramKind = "spl-token" | "token-2022";

/** A token launch by a (simulated) creator. */
export interface LaunchParams {
  creator: string;
  name: string;
  symbol: string;
  uri: string;
  /** Default "spl-token". */
  tokenProgram?: TokenProgramKind;
  /** Creator's own buy in the same transaction (0n or absent: none). The creator is funded automatically. */
  devBuyLamports?: bigint;
}

/** The outcome of a launch. */
export interface LaunchResult {
  mint: string;
  bondingCurve: string;
  signature: string;
  slot: number;
  /** Tokens the dev buy received (0n without a dev buy). */
  devTokens: bigint;
}

/** A trade by a simulated trader: exactly one of `lamports` (buy: SOL to spend incl. fees) or `tokens`. */
export interface TradeParams {
  trader: string;
  mint: string;
  side: "buy" | "sell";
  lamports?: bigint;
  tokens?: bigint;
}

/** The outcome of a market trade (the trader is funded automatically for buys). */
export type TradeResult =
  | {
      ok: true;
      signature: string;
      slot: number;
      /** Curve SOL amount, excluding fees (as in the TradeEvent). */
      solAmount: bigint;
      tokenAmount: bigint;
      /** True when this trade completed the curve (a CompleteEvent was emitted). */
      complete: boolean;
    }
  | { ok: false; reason: string };

/** A read-only view of a bonding curve. */
export interface CurveView {
  mint: string;
  bondingCurve: string;
  creator: string;
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  realSolReserves: bigint;
  realTokenReserves: bigint;
  complete: boolean;
}

/** What the market model (and tests) may do to the cluster's ledger. */
export interface SimClusterApi {
  /** Launches a token now: lands a create (+ optional dev buy) transaction and notifies subscribers. */
  launchToken(p: LaunchParams): LaunchResult;
  /** Executes a trade now against the curve, emitting a TradeEvent (and CompleteEvent when it completes). */
  trade(p: TradeParams): TradeResult;
  /** Credits lamports to an account (creates it if needed). */
  fund(pubkey: string, lamports: bigint): void;
  /** Lamports of an account (0n if absent). */
  balance(pubkey: string): bigint;
  /** Token base units held by `owner` for `mint` (its associated token account). */
  tokenBalance(owner: string, mint: string): bigint;
  /**
   * Moves tokens of `mint` between two owners' existing associated token accounts, out of band (no
   * transaction, like `fund`): what a stranger's transfer into a wallet's account does. False when either
   * account is missing or `from` holds too few.
   */
  transferTokens(from: string, to: string, mint: string, tokens: bigint): boolean;
  /** The bonding curve of a mint, if launched. */
  curve(mint: string): CurveView | undefined;
  /** Wall-clock milliseconds of the cluster's injected clock. */
  now(): number;
  /** The current slot. */
  currentSlot(): number;
  /** Runs `fn` after `ms` on the cluster's scheduler (stepped by tests); returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
  /** Calls `fn` at every new slot; returns an unsubscribe function. */
  onSlot(fn: (slot: number) => void): () => void;
}

/** A market model driving the cluster: launches and other traders' flow. */
export interface MarketDriver {
  start(cluster: SimClusterApi): void;
  stop(): void;
}
