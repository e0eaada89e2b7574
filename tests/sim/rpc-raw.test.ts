import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { PUMP_GLOBAL, PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { call, openWs, rpc, startTestCluster, waitFor } from "./helpers.ts";

let c: SimCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c.stop();
});

describe("HTTP JSON-RPC envelope", () => {
  test("echoes string and numeric ids exactly", async () => {
    expect((await call(c.httpUrl, "getSlot", [], "abc-1")).id).toBe("abc-1");
    const r = await call(c.httpUrl, "getSlot", [], 42);
    expect(r.id).toBe(42);
    expect(r.jsonrpc).toBe("2.0");
    expect(typeof r.result).toBe("number");
  });

  test("unknown method -32601, bad params -32602, parse error -32700, missing jsonrpc -32600", async () => {
    expect((await call(c.httpUrl, "getFoo")).error.code).toBe(-32601);
    expect((await call(c.httpUrl, "getBalance", ["not-a-key"])).error.code).toBe(-32602);
    expect((await call(c.httpUrl, "getBalance", [])).error.code).toBe(-32602);
    expect((await call(c.httpUrl, "getSignatureStatuses", ["x"])).error.code).toBe(-32602);
    const parse = await rpc(c.httpUrl, "{nope");
    expect(parse).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    expect((await rpc(c.httpUrl, { id: "1", method: "getSlot" })).error.code).toBe(-32600);
  });

  test("batches answer each element in order", async () => {
    const out = await rpc(c.httpUrl, [
      { jsonrpc: "2.0", id: "a", method: "getSlot" },
      { jsonrpc: "2.0", id: "b", method: "nope" },
      { jsonrpc: "2.0", id: "c", method: "getBlockHeight" },
    ]);
    expect(out.map((o: any) => o.id)).toEqual(["a", "b", "c"]);
    expect(out[1].error.code).toBe(-32601);
    expect(out[2].result).toBeGreaterThan(0);
  });

  test("getLatestBlockhash / getAccountInfo / getMultipleAccounts / getBalance shapes", async () => {
    const bh = (await call(c.httpUrl, "getLatestBlockhash", [{ commitment: "confirmed" }])).result;
    expect(typeof bh.context.slot).toBe("number");
    expect(typeof bh.value.blockhash).toBe("string");
    expect(bh.value.lastValidBlockHeight).toBeGreaterThan(0);
    const acc = (await call(c.httpUrl, "getAccountInfo", [PUMP_GLOBAL, { encoding: "base64" }])).result.value;
    expect(acc.owner).toBe(PUMP_PROGRAM_ID);
    expect(acc.data[1]).toBe("base64");
    expect(acc.rentEpoch).toBeDefined();
    expect(acc.space).toBe(Buffer.from(acc.data[0], "base64").length);
    const sliced = (await call(c.httpUrl, "getAccountInfo", [PUMP_GLOBAL, { encoding: "base64", dataSlice: { offset: 0, length: 8 } }])).result.value;
    expect(Buffer.from(sliced.data[0], "base64").toString("hex")).toBe("a7e8e8b1c86c727f");
    expect(sliced.space).toBe(acc.space);
    const multi = (await call(c.httpUrl, "getMultipleAccounts", [[PUMP_GLOBAL, "11111111111111111111111111111112"], { encoding: "base64" }])).result;
    expect(multi.value[0].owner).toBe(PUMP_PROGRAM_ID);
    expect(multi.value[1]).toBeNull();
    expect((await call(c.httpUrl, "getBalance", ["11111111111111111111111111111112"])).result.value).toBe(0);
    const fees = (await call(c.httpUrl, "getRecentPrioritizationFees", [])).result;
    expect(fees.length).toBe(150);
    expect(fees[0]).toEqual({ slot: expect.any(Number), prioritizationFee: expect.any(Number) });
  });

  test("sendTransaction with garbage is -32602", async () => {
    const r = await call(c.httpUrl, "sendTransaction", ["AAAA", { encoding: "base64" }]);
    expect(r.error.code).toBe(-32602);
  });

  test("GET /_sim/referee serves the report outside the JSON-RPC API", async () => {
    const res = await fetch(`${c.httpUrl}/_sim/referee`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.requests.total).toBeGreaterThan(0);
    expect(body.requests.byMethod.getSlot).toBeGreaterThan(0);
    expect((await fetch(`${c.httpUrl}/_sim/nope`)).status).toBe(404);
  });
});

describe("websocket JSON-RPC", () => {
  test("slotSubscribe notifies, unsubscribe returns true, bad ids are errors", async () => {
    const w = await openWs(c.wsUrl);
    const sub = await w.request(1, "slotSubscribe");
    expect(typeof sub.result).toBe("number");
    await waitFor(() => w.messages.some((m) => m.method === "slotNotification"), 3000, "slot notification");
    const n = w.messages.find((m) => m.method === "slotNotification");
    expect(n.params.subscription).toBe(sub.result);
    expect(n.params.result).toEqual({ parent: n.params.result.slot - 1, slot: expect.any(Number), root: expect.any(Number) });
    expect((await w.request(2, "slotUnsubscribe", [sub.result])).result).toBe(true);
    expect((await w.request(3, "slotUnsubscribe", [sub.result])).error.code).toBe(-32602);
    expect((await w.request(4, "nopeSubscribe")).error.code).toBe(-32601);
    w.ws.close();
  });

  test("logsSubscribe needs exactly one mention; launches arrive as logsNotification", async () => {
    const w = await openWs(c.wsUrl);
    const two = await w.request(1, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID, PUMP_GLOBAL] }]);
    expect(two.error.code).toBe(-32602);
    const sub = await w.request(2, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }]);
    const launch = c.api.launchToken({ creator: "Fswrw3tgQL597kCexxLEhft6a7Su4CDoqwRMqqj4BEp5", name: "a", symbol: "A", uri: "u" });
    await waitFor(() => w.messages.some((m) => m.method === "logsNotification"), 3000, "logs notification");
    const n = w.messages.find((m) => m.method === "logsNotification");
    expect(n.params.subscription).toBe(sub.result);
    expect(n.params.result.context.slot).toBe(launch.slot);
    expect(n.params.result.value.signature).toBe(launch.signature);
    expect(n.params.result.value.err).toBeNull();
    expect(n.params.result.value.logs.some((l: string) => l.startsWith("Program data: "))).toBe(true);
    w.ws.close();
  });

  test("signatureSubscribe at confirmed fires one slot after landing, then ends by itself", async () => {
    const w = await openWs(c.wsUrl);
    const launch = c.api.launchToken({ creator: "Fswrw3tgQL597kCexxLEhft6a7Su4CDoqwRMqqj4BEp5", name: "s", symbol: "S", uri: "u" });
    const sub = await w.request(1, "signatureSubscribe", [launch.signature, { commitment: "confirmed" }]);
    await waitFor(() => w.messages.some((m) => m.method === "signatureNotification"), 3000, "signature notification");
    const n = w.messages.find((m) => m.method === "signatureNotification");
    expect(n.params.subscription).toBe(sub.result);
    expect(n.params.result.value).toEqual({ err: null });
    expect(n.params.result.context.slot).toBe(launch.slot);
    expect((await w.request(9, "signatureUnsubscribe", [sub.result])).error.code).toBe(-32602); // already ended
    const acc = await w.request(2, "accountSubscribe", ["Fswrw3tgQL597kCexxLEhft6a7Su4CDoqwRMqqj4BEp5", { encoding: "base64", commitment: "processed" }]);
    c.api.fund("Fswrw3tgQL597kCexxLEhft6a7Su4CDoqwRMqqj4BEp5", 1n);
    await waitFor(() => w.messages.some((m) => m.method === "accountNotification"), 3000, "account notification");
    const a = w.messages.find((m) => m.method === "accountNotification");
    expect(a.params.subscription).toBe(acc.result);
    expect(a.params.result.value.data[1]).toBe("base64");
    expect(typeof a.params.result.value.lamports).toBe("number");
    w.ws.close();
  });

  test("HTTP calls are attributed to a wallet by the x-sim-wallet header", async () => {
    const wallet = "DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX";
    await fetch(c.httpUrl, { method: "POST", headers: { "x-sim-wallet": wallet }, body: JSON.stringify({ jsonrpc: "2.0", id: "1", method: "getHealth" }) });
    expect(c.referee.requests.at(-1)).toMatchObject({ method: "getHealth", wallet });
  });

  test("a malformed websocket request gets -32700", async () => {
    const w = await openWs(c.wsUrl);
    w.ws.send("{broken");
    await waitFor(() => w.messages.some((m) => m.error?.code === -32700), 3000, "parse error");
    w.ws.close();
  });
});
