/**
 * Binds the position machine's effects: persist through the manager (store + per-mint index), send
 * sells through the executor's PortSlot (an empty slot means the executor is restarting: the machine
 * waits and tries again, so a sell is never lost; a sell the executor refuses is a failed attempt), ask
 * it whether a resumed position's sell is still in flight, max hold and retry delays from config.
 */
import type { Clock } from "../clock.ts";
import type { FeeRates } from "../domain/curve.ts";
import { holdRemainingMs } from "../domain/exits/evaluate.ts";
import type { ExitRules, TickReserves } from "../domain/exits/types.ts";
import type { PortSlot } from "../pipeline/port-slot.ts";
import { positionMachine } from "../machines/position.machine.ts";
import { sellReserves } from "../positions/record.ts";
import { buildSellRequest } from "../positions/sell.ts";
import type { ExecutorPort, PositionRecord, SellPolicy } from "../positions/types.ts";

/** lastError of a position whose curve completed before it sold (no curve sell is sent then). */
export const CURVE_COMPLETE_STUCK = "curve complete: liquidity moved to PumpSwap, which the executor does not trade; sell these tokens there";

/** What a position actor needs from its manager. */
export interface PositionDeps {
  /** Saves the record and updates the manager's index (PositionBook.persist). */
  persist: (record: PositionRecord) => void;
  executor: PortSlot<ExecutorPort>;
  /** Latest reserves of a mint (from the last trade), if any; realTokenReserves 0 means the curve completed. */
  reservesOf: (mint: string) => (TickReserves & { realTokenReserves?: bigint }) | undefined;
  rules: ExitRules;
  policy: SellPolicy;
  clock: Clock;
  onStuck?: (record: PositionRecord) => void;
}

/** The position machine with its effects bound. */
export function positionLogic(deps: PositionDeps) {
  const { rules, policy, clock } = deps;
  const fees: FeeRates = rules.fees;
  return positionMachine.provide({
    actions: {
      persist: (_, params) => deps.persist(params.record),
      sendSell: ({ self }, params) => {
        const r = params.record;
        const latest = deps.reservesOf(r.mint);
        const request = buildSellRequest(r, sellReserves(r, latest), fees, policy);
        const fail = (reason: string, retryable = true) =>
          self.send({ type: "order.failed", intentId: "", side: "sell", mint: r.mint, reason, retryable, positionId: r.positionId });
        // A completed curve refuses every trade (BondingCurveComplete): sending would only burn a fee.
        // Liquidity moved to PumpSwap, which the executor does not trade: the position goes stuck at once.
        if (latest?.realTokenReserves === 0n) return fail(CURVE_COMPLETE_STUCK, false);
        const executor = deps.executor.get();
        if (request === null) return fail("nothing to sell");
        const unavailable = () => self.send({ type: "executor.unavailable" });
        if (executor === undefined) return unavailable();
        try {
          const sent = executor.sell(request);
          // Refused before anything was sent: no outcome will come, so it is a failed attempt (retried after
          // the retry delay, not the outcome timeout), unless a sell of this position is out already, or the
          // executor takes no orders at all right now (starting, or draining at shutdown): then it waits,
          // uncounted, and a shutdown leaves the position exiting for the next start to send.
          if (!sent.ok && !executor.sellInFlight(r.positionId)) {
            if (sent.unavailable === true) unavailable();
            else fail(`refused: ${sent.reason}`);
          }
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error));
        }
      },
      alertStuck: (_, params) => deps.onStuck?.(params.record),
    },
    guards: {
      executorReady: () => deps.executor.get() !== undefined,
      sellInFlight: ({ context }) => deps.executor.get()?.sellInFlight(context.record.positionId) === true,
      canRetry: ({ context }) => context.record.sellFailures <= policy.maxRetries,
    },
    delays: {
      maxHold: ({ context }) => holdRemainingMs(context.record.openedAt, rules, clock.now()) ?? 2 ** 31 - 1,
      retryDelay: () => policy.retryDelayMs,
      executorWait: () => policy.executorWaitMs,
      outcomeTimeout: () => policy.outcomeTimeoutMs,
    },
  });
}
