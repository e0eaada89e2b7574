/**
 * Binds the position machine's effects: persist through the manager (store + per-mint index), send
 * sells through the executor's PortSlot (an empty slot means the executor is restarting: the machine
 * waits and tries again, so a sell is never lost), max hold and retry delays from config.
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

/** What a position actor needs from its manager. */
export interface PositionDeps {
  /** Saves the record and updates the manager's index (PositionBook.persist). */
  persist: (record: PositionRecord) => void;
  executor: PortSlot<ExecutorPort>;
  /** Latest reserves of a mint (from the last trade), if any. */
  reservesOf: (mint: string) => TickReserves | undefined;
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
        const request = buildSellRequest(r, sellReserves(r, deps.reservesOf(r.mint)), fees, policy);
        const fail = (reason: string) =>
          self.send({ type: "order.failed", intentId: "", side: "sell", mint: r.mint, reason, retryable: true, positionId: r.positionId });
        const executor = deps.executor.get();
        if (request === null) return fail("nothing to sell");
        if (executor === undefined) return fail("executor unavailable");
        try {
          executor.sell(request);
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error));
        }
      },
      alertStuck: (_, params) => deps.onStuck?.(params.record),
    },
    guards: {
      executorReady: () => deps.executor.get() !== undefined,
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
