import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bs58 from "bs58";
import { DISC, PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { DecodeInputError, decodeArg, decodeJson, toJson } from "../../src/cli/decode.ts";
import { vector } from "./vectors.ts";

const buyLogs = vector("pump.buy.logs").value as string[];
const dataLine = buyLogs.find((l) => l.startsWith("Program data: "))!;
const curve = vector("pump.bondingCurve.account").value as { data: string };
const globalAcc = vector("pump.global.account").value as { data: string };
const dir = mkdtempSync(join(tmpdir(), "decode-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
};

describe("decode CLI", () => {
  test("a Program data line and the bare base64 decode to the TradeEvent", () => {
    for (const arg of [dataLine, dataLine.slice(14)]) {
      const out = decodeArg(arg);
      expect(out.type).toBe("event");
      const json = JSON.parse(toJson(out));
      expect(json.event).toMatchObject({ kind: "trade", solAmount: "50051224", mint: "BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump", extra: "" });
    }
  });

  test("logs array file, account data (base64 and getAccountInfo shape), instruction data", () => {
    expect(decodeArg(file("logs.json", buyLogs))).toMatchObject({ type: "logs", truncated: false, events: [{ kind: "trade" }] });
    expect(decodeArg(curve.data)).toMatchObject({ type: "bondingCurve", account: { creator: "CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv" } });
    expect(decodeJson({ jsonrpc: "2.0", id: "1", result: { context: { slot: 1 }, value: { data: [globalAcc.data, "base64"] } } })).toMatchObject({ type: "global", account: { feeBasisPoints: 95n } });
    const ix = Uint8Array.fromHex((vector("pump.ix.sell").value as { data: string }).data).toBase64();
    expect(decodeArg(ix)).toMatchObject({ type: "instruction", instruction: { name: "sell" } });
  });

  test("getTransaction with truncated logs falls back to inner instructions (e445a52e51cb9a1d ‖ event)", () => {
    const event = Uint8Array.fromBase64(dataLine.slice(14));
    const cpi = new Uint8Array(8 + event.length);
    cpi.set(DISC.eventCpi);
    cpi.set(event, 8);
    const tx = {
      slot: 1,
      meta: {
        err: null,
        logMessages: [`Program ${PUMP_PROGRAM_ID} invoke [1]`, "Log truncated"],
        innerInstructions: [{ index: 3, instructions: [{ programIdIndex: 1, accounts: [], data: bs58.encode(cpi) }, { programIdIndex: 0, accounts: [], data: bs58.encode(cpi) }] }],
      },
      transaction: { signatures: ["sig1"], message: { accountKeys: ["11111111111111111111111111111111", PUMP_PROGRAM_ID] } },
    };
    const out = decodeArg(file("tx.json", { jsonrpc: "2.0", id: 1, result: tx }));
    expect(out).toMatchObject({ type: "transaction", signature: "sig1", source: "innerInstructions", truncated: true });
    expect(out.type === "transaction" && out.events.length).toBe(1);
    const full = decodeJson({ ...tx, meta: { ...tx.meta, logMessages: buyLogs } });
    expect(full).toMatchObject({ type: "transaction", source: "logs", truncated: false, events: [{ kind: "trade" }] });
  });

  test("unknown input is a clear error", () => {
    expect(() => decodeArg("AAECAwQFBgcICQ==")).toThrow(DecodeInputError);
    expect(() => decodeArg("%%%")).toThrow(DecodeInputError);
    expect(() => decodeArg(file("bad.json", { hello: 1 }))).toThrow(DecodeInputError);
  });

  test("as a process: JSON on stdout and exit 0; exit 1 with a message for unknown input", () => {
    const ok = Bun.spawnSync(["bun", "run", "src/cli/decode.ts", dataLine.slice(14)], { cwd: join(import.meta.dir, "../..") });
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout.toString()).event.ixName).toBe("buy");
    const bad = Bun.spawnSync(["bun", "run", "src/cli/decode.ts", "AAECAwQFBgcICQ=="], { cwd: join(import.meta.dir, "../..") });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.toString()).toContain("unknown discriminator");
  });
});
