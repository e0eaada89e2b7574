import type { SubmitDeps } from "../exec/submit.ts";
import type { Ledger } from "../ledger/index.ts";
import type { Referee } from "../referee/index.ts";
import type { SimChain } from "../cluster/sim-chain.ts";

/** The monotonic + wall timestamp of an event (the referee's unit of time). */
export interface Stamp {
  mono: number;
  wall: number;
}

/** What every RPC method gets. */
export interface RpcContext {
  ledger: Ledger;
  submit: SubmitDeps;
  chain: SimChain;
  referee: Referee;
  /** When the HTTP request arrived (before parsing). */
  receivedAt: Stamp;
}

/** One RPC method: positional params in, JSON-ready result out (throws RpcError). */
export type RpcMethod = (params: unknown[], ctx: RpcContext) => unknown;

/** `{context:{slot}, value}` as the RPC wraps most results. */
export function withContext(ctx: RpcContext, value: unknown): { context: { apiVersion: string; slot: number }; value: unknown } {
  return { context: { apiVersion: "2.2.0", slot: ctx.ledger.slots.slot() }, value };
}
