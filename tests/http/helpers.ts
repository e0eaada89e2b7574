/** Builds a status app with a populated UiState and recording fakes for every provider. */
import { bridgeTick } from "../../src/actors/ui-bridge.actor.ts";
import { createStatusApp, type StatusAppOptions } from "../../src/http/app.ts";
import type { ControlPort } from "../../src/http/control/index.ts";
import { createMetrics } from "../../src/http/metrics.ts";
import type { ExportQuery } from "../../src/http/api/index.ts";
import { createUi, type UiRuntime } from "../../src/ui/index.ts";
import { fakeReadModel, HOSTILE, HOSTILE_SYMBOL, mint, trade } from "../ui/helpers.ts";

/** The control token of the tests (never expected in any response). */
export const TOKEN = "test-control-token-0123456789";

/** A ControlPort that records its calls. */
export function recordingPort(): ControlPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    pause: () => void calls.push("pause"),
    resume: () => void calls.push("resume"),
    sell: (m: string) => {
      calls.push(`sell:${m}`);
      return { signature: "sig", lamports: 5n };
    },
    sellAll: () => {
      calls.push("sellAll");
      return { positions: 2 };
    },
    shutdown: () => void calls.push("shutdown"),
  };
}

/** A UI runtime with one hostile position, trade, alert and feed entries already projected. */
export function populatedUi(): UiRuntime & { positionMint: string } {
  const ui = createUi({ mode: "sim" });
  const positionMint = mint();
  ui.cache.walletAddress("WaLLet1111111111111111111111111111111111111");
  ui.cache.balanceLamports(3_000_000_000n);
  ui.cache.endpoint("rpc", { ok: true, latencyMs: 4, at: 1 });
  ui.cache.positionUpdated({
    mint: positionMint,
    name: HOSTILE,
    symbol: HOSTILE_SYMBOL,
    openedAt: 1_700_000_000_000,
    costLamports: 1_000_000n,
    tokens: 1000n,
    entryPrice: 1000,
    exits: [{ rule: "take_profit", triggerPrice: 2000 }],
  });
  ui.cache.price(positionMint, 1100);
  ui.cache.trade(trade());
  ui.cache.launch({ mint: positionMint, name: HOSTILE, symbol: HOSTILE_SYMBOL, at: 1_700_000_000_000 });
  ui.cache.decision({ mint: positionMint, action: "buy", reason: HOSTILE, at: 1_700_000_000_001 });
  ui.cache.alert({ id: "a1", rule: "big_loss", severity: "warning", key: positionMint, message: `loss on ${HOSTILE}`, at: 1_700_000_000_002 });
  bridgeTick(
    {
      ui,
      actors: () => [],
      logs: (seq) => (seq === 0 ? [{ seq: 1, level: 30, time: 1_700_000_000_000, msg: HOSTILE }] : []),
    },
    true,
  );
  return Object.assign(ui, { positionMint });
}

/** Export calls seen by the fake export stream. */
export interface ExportSpy {
  queries: ExportQuery[];
}

/** A fake export stream: a header then `rows` lines, in separate chunks. */
export function fakeExport(spy: ExportSpy, rows = 3) {
  return (q: ExportQuery): ReadableStream<Uint8Array> => {
    spy.queries.push(q);
    const enc = new TextEncoder();
    let i = -1;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= rows) return controller.close();
        controller.enqueue(enc.encode(i < 0 ? "mint,side\n" : `m${i},buy\n`));
        i++;
      },
    });
  };
}

/** A fully wired app. */
export function fullApp(overrides: Partial<StatusAppOptions> = {}) {
  const ui = populatedUi();
  const port = recordingPort();
  const metrics = createMetrics();
  const spy: ExportSpy = { queries: [] };
  const app = createStatusApp({
    readModel: fakeReadModel(),
    ui,
    metrics,
    summary: (q) => ({ period: q, realisedPnlLamports: 123n, winRate: 0.5 }),
    exportStream: fakeExport(spy),
    control: { token: TOKEN, port },
    ...overrides,
  });
  return { app, ui, port, metrics, spy };
}
