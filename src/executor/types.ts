/** The executor's public types: what buy()/sell() return, its progress events, its dependencies, its service face. */
import type { Clock } from "../clock.ts";
import type { Signer } from "../chain/signer.ts";
import type { HttpRpcClient } from "../chain/rpc/http-client.ts";
import type { CurveReserves } from "../domain/curve.ts";
import type { TradeObserved } from "../pipeline/events.ts";
import type { BuyRequest, OrderOutcome, SellRequest } from "../pipeline/orders.ts";
import type { IntentJournal } from "./journal.ts";
import type { TxSender } from "./senders.ts";
import type { ExecutorSettings } from "./settings.ts";
import type { SendRehearsal } from "./send-rehearsal.ts";
import type { ScratchJournals } from "./buy-rehearsal.ts";
import type { SignatureWatcher } from "./signature-watcher.ts";

/** What buy() / sell() return at once: accepted (sent in the background) or refused with a reason. */
export type SubmitResult =
  | { ok: true; intentId: string; signature: string }
  /**
   * Refused, nothing sent. `unavailable`: the executor takes no orders at all right now (reconciling its
   * journal at start, draining at shutdown): nothing is wrong with the order, ask again once it is ready.
   */
  | { ok: false; reason: string; unavailable?: true };

/** Progress events besides the outcomes (metrics, logs, the referee-style latency record). */
export type ExecutorEvent =
  | { type: "order.sent"; intentId: string; signature: string; attempt: number; acceptedBy: string }
  | { type: "order.retry"; intentId: string; previous: string; signature: string; attempt: number }
  | { type: "executor.error"; where: string; error: Error };

/** What the executor needs. */
export interface ExecutorDeps {
  signer: Signer;
  rpc: HttpRpcClient;
  journal: IntentJournal;
  /** Every order's final outcome, exactly once (plain call; must not throw). */
  onOutcome: (outcome: OrderOutcome) => void;
  onEvent?: (event: ExecutorEvent) => void;
  settings?: Partial<ExecutorSettings>;
  /** Default: one sender per endpoint of `rpc`. Add `bundleSender` for a bundle endpoint. */
  senders?: TxSender[];
  /** Websocket signatureSubscribe (optional: polling alone confirms too). */
  watcher?: SignatureWatcher;
  clock?: Clock;
  /** Intent ids (default crypto.randomUUID). */
  newId?: () => string;
  /**
   * With settings.rehearseLaunchPath: called at each start for the warm-up's send rehearsal (closed when
   * that start's `signal` aborts; `onFirstFailure` gets its first failed post). Give it
   * `createSendRehearsal` when the senders are keep-alive posters (rpcSenders with urls): it rehearses their code.
   */
  sendRehearsal?: (signal: AbortSignal, onFirstFailure: (e: unknown) => void) => SendRehearsal;
  /**
   * With sendRehearsal: called at each start for the scratch journal of the warm-up's rehearsed buys
   * (closed when that start's `signal` aborts; see buy-rehearsal.ts). Give it a journal of the same
   * class as `journal` over scratch state (store/scratch-journal.ts), so the rehearsal runs its code.
   */
  scratchJournal?: () => ScratchJournals;
}

/** The executor as the rest of the bot calls it (bound into a PortSlot by the executor actor). */
export interface ExecutorService {
  buy(req: BuyRequest, reserves?: CurveReserves): SubmitResult;
  sell(req: SellRequest): SubmitResult;
  /** True while a sell of this position is sent and unsettled (or found pending by reconcile). */
  sellInFlight(positionId: string): boolean;
  /** A TradeEvent the listener saw: if it is one of our in-flight orders, it fills it at once. */
  observeOwnTrade(e: TradeObserved): void;
  /** A new slot (from the listener): lets the blockhash cache refresh early. */
  onSlot(slot: number): void;
  /** Orders sent and not yet settled. */
  inFlight(): number;
  /** Resolves when every in-flight order is settled (true) or `signal` aborted first (false). */
  drain(signal: AbortSignal): Promise<boolean>;
}
