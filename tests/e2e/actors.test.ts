/**
 * The whole bot's GET /api/actors lists each live position's actor under `positions` (README, "Actor
 * inspection"): a bought launch shows up there as `open`, and its row goes once the position closes.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { ActorRow } from "../../src/runtime/inspection.ts";
import { cleanupAll, landedOn, launch, SOL, startCluster, startTestBot, trade, waitFor, type BotRun } from "./harness.ts";

afterEach(cleanupAll);

/** GET /api/actors of the running bot. */
async function actors(run: BotRun): Promise<ActorRow[]> {
  const url = await waitFor(() => run.statusUrl(), "the status URL");
  const res = await fetch(`${url}/api/actors`);
  expect(res.status).toBe(200);
  return (await res.json()) as ActorRow[];
}

/** The row of `mint`'s position actor, if listed right under the live `positions` actor. */
function positionRow(rows: ActorRow[], mint: string): ActorRow | undefined {
  const parent = rows.find((r) => r.id === "positions" && r.status === "active");
  const row = rows.find((r) => r.id.startsWith(`${mint}:`));
  if (row === undefined || parent === undefined) return undefined;
  expect(row).toMatchObject({ parentId: "positions", parentSessionId: parent.sessionId, depth: parent.depth + 1 });
  return row;
}

describe("e2e: position actors in GET /api/actors", () => {
  test("a bought launch's position is a row under positions while it lives, gone once it closed", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, {
      toml: "[exits]\ntakeProfit = []\n",
      env: {
        SNIPER_FILTERS__BUY_LAMPORTS: String(SOL / 10n),
        SNIPER_EXITS__STOP_LOSS_BPS: "3000",
        SNIPER_EXITS__TRAILING_STOP_BPS: "0",
        SNIPER_EXITS__MAX_HOLD_MS: "0",
        SNIPER_EXITS__EXIT_ON_CREATOR_SELL: "false",
        SNIPER_EXITS__EXIT_ON_CURVE_COMPLETE: "false",
      },
    });
    const l = launch(cluster, 8n * SOL);
    await waitFor(() => landedOn(cluster, run.wallet.address, l.mint, "buy")[0], "our buy to land");
    await waitFor(() => run.db.positionState(l.mint)[0]?.status === "open", "the position to be open");

    const row = await waitFor(async () => {
      const r = positionRow(await actors(run), l.mint);
      return r?.value === "open" && r;
    }, "the position's row, open, under positions", 5_000);
    expect(row).toMatchObject({ status: "active", restarts: 0, lastError: null });
    expect(row.id).toBe(run.db.positions(l.mint)[0]!.id);

    // The creator dumps its dev bag: stop loss, the sell lands, the position closes and its row goes.
    trade(cluster, { trader: l.creator, mint: l.mint, side: "sell", tokens: l.devTokens });
    await waitFor(() => run.db.positions(l.mint).find((p) => p.status === "closed"), "the position to close", 20_000);
    await waitFor(async () => {
      const rows = await actors(run);
      return rows.some((r) => r.id === "positions") && !rows.some((r) => r.id === row.id);
    }, "the closed position's row to go", 5_000);
  }, 40_000);
});
