import { expect, test } from "bun:test";
import fc from "fast-check";
import { ManualClock } from "../../src/clock.ts";
import { compileExitRules } from "../../src/domain/exits/index.ts";
import { costOfHeld } from "../../src/domain/exits/value.ts";
import { PositionBook } from "../../src/positions/book.ts";
import { InMemoryPositionStore } from "../../src/positions/index.ts";
import { openingRecord } from "../../src/positions/record.ts";
import type { PositionRecord } from "../../src/positions/types.ts";

const STATUSES = ["opening", "open", "exiting", "stuck", "closed", "failed"] as const;
const op = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), id: fc.nat(7), lamports: fc.bigInt(1n, 10n ** 12n) }),
  fc.record({ kind: fc.constant("persist" as const), id: fc.nat(7), status: fc.constantFrom(...STATUSES), cost: fc.bigInt(0n, 10n ** 12n), held: fc.bigInt(0n, 10n ** 9n) }),
  fc.record({ kind: fc.constant("rebind" as const), id: fc.nat(7), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant("remove" as const), id: fc.nat(7) }),
);

test("the book's running open count and exposure always equal a recount of its live records", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const book = new PositionBook({ rules: compileExitRules({}), clock: new ManualClock(), store: new InMemoryPositionStore() });
      const recordOf = (id: number, lamports = 1_000n): PositionRecord =>
        openingRecord({ mint: `M${id}`, bondingCurve: "bc", creator: "c", tokenProgram: "t", lamports, minTokensOut: 1n, launchReceivedAt: 0, launchSignature: `sig${id}` }, { now: 0 });
      for (const o of ops) {
        const r = recordOf(o.id);
        if (o.kind === "add") {
          if (!book.has(r.positionId)) book.add(recordOf(o.id, o.lamports), () => {});
        } else if (o.kind === "persist") {
          book.persist({ ...r, status: o.status, costLamports: o.cost, tokensHeld: o.held, tokensBought: o.held + 1n, version: 1 });
        } else if (o.kind === "rebind") {
          book.rebind(r.positionId, { ...r, status: o.status }, () => {});
        } else book.remove(r.positionId);
        const live = book.list();
        const exposure = live.reduce((sum, x) => sum + (x.status === "opening" ? x.requestedLamports : costOfHeld(x.costLamports, x.tokensHeld, x.tokensBought)), 0n);
        expect(book.totalExposure()).toBe(exposure);
        expect(book.openCount()).toBe(live.filter((x) => x.status !== "stuck").length);
      }
    }),
    { numRuns: 500, seed: 3 },
  );
});
