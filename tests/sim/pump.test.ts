import { describe, expect, test } from "bun:test";
import {
  buildSignedBuyTransaction,
  buildSignedSellTransaction,
  decodeBondingCurve,
  decodeEventCpi,
  decodeGlobal,
  decodePumpEvent,
  deriveAssociatedTokenAddress,
  deriveCreatorVault,
  PUMP_GLOBAL,
  PUMP_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  type TradeEvent,
} from "../../src/chain/pump/index.ts";
import bs58 from "bs58";
import { buyCostForTokens, initialCurve, MAINNET_FEES, sellSolForTokens, applyBuy, type CurveReserves } from "../../src/domain/curve.ts";
import { FEE_RECIPIENT } from "../../src/sim/pump/genesis.ts";
import { TOKEN_ACCOUNT_RENT } from "../../src/sim/ledger/tokens.ts";
import { call, clusterPerFile, openWs, testSigner, waitFor } from "./helpers.ts";

const cluster = clusterPerFile();

const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";
const CU_LIMIT = 100_000;
const CU_PRICE = 1_000_000n; // 1 lamport per CU -> 100,000 lamports priority fee
const TX_FEE = 5000n + 100_000n;

async function blockhash(): Promise<string> {
  return (await call(cluster().httpUrl, "getLatestBlockhash")).result.value.blockhash;
}

function tradeEventsOf(logs: string[]): TradeEvent[] {
  return logs
    .filter((l) => l.startsWith("Program data: "))
    .map((l) => decodePumpEvent(Buffer.from(l.slice(14), "base64")))
    .filter((e): e is TradeEvent => e.kind === "trade");
}

async function send(base64: string, opts: Record<string, unknown> = {}): Promise<any> {
  return call(cluster().httpUrl, "sendTransaction", [base64, { encoding: "base64", ...opts }]);
}

async function getTx(sig: string): Promise<any> {
  cluster().control.advanceSlot();
  return (await call(cluster().httpUrl, "getTransaction", [sig, { encoding: "json", commitment: "confirmed", maxSupportedTransactionVersion: 0 }])).result;
}

describe("pump.fun accounts", () => {
  test("Global and bonding curve accounts are readable in the real layouts", async () => {
    const g = (await call(cluster().httpUrl, "getAccountInfo", [PUMP_GLOBAL, { encoding: "base64" }])).result.value;
    const global = decodeGlobal(Buffer.from(g.data[0], "base64"));
    expect(global.feeBasisPoints).toBe(95n);
    expect(global.initialVirtualSolReserves).toBe(30_000_000_000n);
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "n", symbol: "s", uri: "u" });
    const acc = (await call(cluster().httpUrl, "getAccountInfo", [launch.bondingCurve, { encoding: "base64" }])).result.value;
    expect(acc.owner).toBe(PUMP_PROGRAM_ID);
    const curve = decodeBondingCurve(Buffer.from(acc.data[0], "base64"));
    expect(curve.creator).toBe(CREATOR);
    expect(curve.virtualTokenReserves).toBe(1_073_000_000_000_000n);
    expect(curve.complete).toBe(false);
  });
});

describe("a wallet's buy and sell through sendTransaction", () => {
  test("buy: exact curve math, fees, TradeEvent to logs subscribers, token balance, getTransaction inner instructions", async () => {
    const w = await openWs(cluster().wsUrl);
    await w.request(1, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }]);
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "Cat", symbol: "CAT", uri: "u" });
    const signer = testSigner(1);
    cluster().api.fund(signer.address, 5_000_000_000n);
    const tokens = 1_000_000_000_000n;
    const quote = buyCostForTokens(initialCurve(), tokens, MAINNET_FEES);
    const tx = buildSignedBuyTransaction({
      signer, recentBlockhash: await blockhash(), computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE,
      mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, amount: tokens, maxSolCost: quote.total,
    });
    const res = await send(tx.base64);
    expect(res.result).toBe(tx.signature);
    expect(cluster().api.tokenBalance(signer.address, launch.mint)).toBe(tokens);
    expect(cluster().api.balance(signer.address)).toBe(5_000_000_000n - quote.total - TX_FEE - TOKEN_ACCOUNT_RENT);
    expect(cluster().api.balance(deriveCreatorVault(CREATOR).address)).toBe(quote.creatorFee);
    await waitFor(() => w.messages.some((m) => m.params?.result?.value?.signature === tx.signature), 3000, "own trade notification");
    const n = w.messages.find((m) => m.params?.result?.value?.signature === tx.signature);
    const [ev] = tradeEventsOf(n.params.result.value.logs);
    expect(ev!.isBuy).toBe(true);
    expect(ev!.user).toBe(signer.address);
    expect(ev!.tokenAmount).toBe(tokens);
    expect(ev!.solAmount).toBe(quote.solAmount);
    expect(ev!.fee).toBe(quote.fee);
    expect(ev!.creatorFee).toBe(quote.creatorFee);
    expect(ev!.feeBasisPoints).toBe(95n);
    expect(ev!.creatorFeeBasisPoints).toBe(30n);
    expect(ev!.ixName).toBe("buy");
    expect(ev!.layoutBytes).toBe(258);
    const after = applyBuy(initialCurve(), tokens, quote.solAmount);
    expect(ev!.virtualSolReserves).toBe(after.virtualSolReserves);
    expect(ev!.realTokenReserves).toBe(after.realTokenReserves);
    const ata = deriveAssociatedTokenAddress(signer.address, launch.mint).address;
    const bal = (await call(cluster().httpUrl, "getTokenAccountBalance", [ata])).result.value;
    expect(bal).toEqual({ amount: tokens.toString(), decimals: 6, uiAmount: 1_000_000, uiAmountString: "1000000" });
    const got = await getTx(tx.signature);
    expect(got.meta.err).toBeNull();
    expect(Number(got.meta.fee)).toBe(Number(TX_FEE));
    const cpi = got.meta.innerInstructions.flatMap((g: any) => g.instructions).map((ix: any) => bs58.decode(ix.data)).filter((d: Uint8Array) => d.length > 16 && Buffer.from(d.subarray(0, 8)).toString("hex") === "e445a52e51cb9a1d");
    expect(cpi.length).toBe(1);
    const fromCpi = decodeEventCpi(cpi[0]!);
    expect(fromCpi.kind).toBe("trade");
    expect(got.meta.postTokenBalances.some((b: any) => b.owner === signer.address && b.uiTokenAmount.amount === tokens.toString())).toBe(true);
    // The mainnet log shape: ComputeBudget x2, ATA create, then the pump program with nested CPIs.
    expect(got.meta.logMessages.filter((l: string) => l === `Program ${PUMP_PROGRAM_ID} invoke [1]`).length).toBe(1);
    expect(got.meta.logMessages).toContain("Program log: Instruction: Buy");
    expect(got.meta.logMessages).toContain("Program log: Instruction: GetFees");
    w.ws.close();
  });

  test("slippage: preflight answers -32002 with the program's custom error and logs; nothing changes", async () => {
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "x", symbol: "X", uri: "u" });
    const signer = testSigner(2);
    cluster().api.fund(signer.address, 5_000_000_000n);
    const quote = buyCostForTokens(initialCurve(), 5_000_000_000n, MAINNET_FEES);
    const tx = buildSignedBuyTransaction({
      signer, recentBlockhash: await blockhash(), computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE,
      mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, amount: 5_000_000_000n, maxSolCost: quote.total - 1n,
    });
    const res = await send(tx.base64);
    expect(res.error.code).toBe(-32002);
    expect(res.error.data.err).toEqual({ InstructionError: [3, { Custom: 6002 }] });
    expect(res.error.data.logs.some((l: string) => l.includes("Error Code: TooMuchSolRequired. Error Number: 6002"))).toBe(true);
    expect(res.error.message).toContain("custom program error: 0x1772");
    expect(cluster().api.balance(signer.address)).toBe(5_000_000_000n);
    // With skipPreflight the failed transaction lands: fee charged, error in its status.
    const landed = await send(tx.base64, { skipPreflight: true });
    expect(landed.result).toBe(tx.signature);
    const st = (await call(cluster().httpUrl, "getSignatureStatuses", [[tx.signature]])).result.value[0];
    expect(st.err).toEqual({ InstructionError: [3, { Custom: 6002 }] });
    expect(cluster().api.balance(signer.address)).toBe(5_000_000_000n - TX_FEE);
    expect(cluster().api.tokenBalance(signer.address, launch.mint)).toBe(0n);
  });

  test("buy_exact_sol_in then sell with TooLittleSolReceived, then a good sell", async () => {
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "y", symbol: "Y", uri: "u" });
    const signer = testSigner(3);
    cluster().api.fund(signer.address, 3_000_000_000n);
    const common = { signer, computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE, mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT };
    const buy = buildSignedBuyTransaction({ ...common, recentBlockhash: await blockhash(), spendableSolIn: 1_000_000_000n, minTokensOut: 1n });
    expect((await send(buy.base64)).result).toBe(buy.signature);
    const held = cluster().api.tokenBalance(signer.address, launch.mint);
    expect(held).toBeGreaterThan(0n);
    const curve = cluster().api.curve(launch.mint)!;
    const reserves: CurveReserves = { ...curve, tokenTotalSupply: 1_000_000_000_000_000n };
    const q = sellSolForTokens(reserves, held, MAINNET_FEES);
    const bad = buildSignedSellTransaction({ ...common, recentBlockhash: await blockhash(), amount: held, minSolOutput: q.net + 1n });
    const badRes = await send(bad.base64);
    expect(badRes.error.data.err).toEqual({ InstructionError: [2, { Custom: 6003 }] });
    const before = cluster().api.balance(signer.address);
    const good = buildSignedSellTransaction({ ...common, recentBlockhash: await blockhash(), amount: held, minSolOutput: q.net });
    expect((await send(good.base64)).result).toBe(good.signature);
    expect(cluster().api.tokenBalance(signer.address, launch.mint)).toBe(0n);
    expect(cluster().api.balance(signer.address)).toBe(before + q.net - TX_FEE);
    const report = (await (await fetch(`${cluster().httpUrl}/_sim/referee`)).json()) as any;
    const mine = report.wallets[signer.address];
    expect(mine.map((t: any) => t.side)).toEqual(["buy", "sell"]);
    expect(mine[1].sol).toBe(q.solAmount.toString());
    expect(mine[1].tokens).toBe(held.toString());
    expect(mine[1].txFee).toBe(TX_FEE.toString());
  });

  test("insufficient funds fails with the system program's error", async () => {
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "z", symbol: "Z", uri: "u" });
    const signer = testSigner(4);
    cluster().api.fund(signer.address, 50_000_000n);
    const tx = buildSignedBuyTransaction({
      signer, recentBlockhash: await blockhash(), computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE,
      mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, amount: 10_000_000_000_000n, maxSolCost: 10n ** 12n,
    });
    const res = await send(tx.base64);
    expect(res.error.code).toBe(-32002);
    expect(res.error.data.err).toEqual({ InstructionError: [3, { Custom: 1 }] });
    expect(res.error.data.logs.some((l: string) => l.startsWith("Transfer: insufficient lamports"))).toBe(true);
    const poor = testSigner(5);
    const tx2 = buildSignedBuyTransaction({
      signer: poor, recentBlockhash: await blockhash(), computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE,
      mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, amount: 1n, maxSolCost: 10n ** 12n,
    });
    expect((await send(tx2.base64)).error.data.err).toBe("InsufficientFundsForFee");
  });

  test("unknown blockhash, bad signature, wrong account order are refused", async () => {
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "w", symbol: "W", uri: "u" });
    const signer = testSigner(6);
    cluster().api.fund(signer.address, 1_000_000_000n);
    const base = { signer, computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE, mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, amount: 1000n, maxSolCost: 10n ** 9n };
    const stale = buildSignedBuyTransaction({ ...base, recentBlockhash: "11111111111111111111111111111111" });
    const r1 = await send(stale.base64);
    expect(r1.error.code).toBe(-32002);
    expect(r1.error.data.err).toBe("BlockhashNotFound");
    const ok = buildSignedBuyTransaction({ ...base, recentBlockhash: await blockhash() });
    const wire = Buffer.from(ok.base64, "base64");
    wire[10] = wire[10]! ^ 0xff; // corrupt the signature
    const r2 = await send(wire.toString("base64"));
    expect(r2.error.code).toBe(-32003);
    const wrongCreator = buildSignedBuyTransaction({ ...base, creator: signer.address, recentBlockhash: await blockhash() });
    const r3 = await send(wrongCreator.base64);
    expect(r3.error.data.err).toEqual({ InstructionError: [3, { Custom: 2006 }] });
    expect(r3.error.data.logs.some((l: string) => l.includes("caused by account: creator_vault"))).toBe(true);
  });

  test("a blockhash expires after 150 slots", async () => {
    const signer = testSigner(7);
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "v", symbol: "V", uri: "u" });
    cluster().api.fund(signer.address, 1_000_000_000n);
    const old = await blockhash();
    for (let i = 0; i < 151; i++) cluster().control.advanceSlot();
    const tx = buildSignedBuyTransaction({ signer, recentBlockhash: old, computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE, mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, amount: 1000n, maxSolCost: 10n ** 9n });
    expect((await send(tx.base64)).error.data.err).toBe("BlockhashNotFound");
  });
});

describe("market trades through the cluster API", () => {
  test("other traders' buys and sells emit TradeEvents; buying out the curve emits CompleteEvent", async () => {
    const w = await openWs(cluster().wsUrl);
    await w.request(1, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }]);
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "t", symbol: "T", uri: "u", tokenProgram: "token-2022", devBuyLamports: 1_000_000_000n });
    expect(launch.devTokens).toBeGreaterThan(0n);
    expect(cluster().api.tokenBalance(CREATOR, launch.mint)).toBe(launch.devTokens);
    const trader = testSigner(9).address;
    const buy = cluster().api.trade({ trader, mint: launch.mint, side: "buy", lamports: 500_000_000n });
    expect(buy.ok).toBe(true);
    const got = cluster().api.tokenBalance(trader, launch.mint);
    const sell = cluster().api.trade({ trader, mint: launch.mint, side: "sell", tokens: got / 2n });
    expect(sell.ok && sell.tokenAmount).toBe(got / 2n);
    const whale = cluster().api.trade({ trader: testSigner(10).address, mint: launch.mint, side: "buy", tokens: 900_000_000_000_000n });
    expect(whale.ok && whale.complete).toBe(true);
    expect(cluster().api.curve(launch.mint)!.complete).toBe(true);
    expect(cluster().api.trade({ trader, mint: launch.mint, side: "buy", lamports: 1000n })).toEqual({ ok: false, reason: "curve complete" });
    await waitFor(() => w.messages.filter((m) => m.method === "logsNotification").length >= 4, 3000, "4 notifications");
    const events = w.messages
      .filter((m) => m.method === "logsNotification")
      .flatMap((m) => m.params.result.value.logs.filter((l: string) => l.startsWith("Program data: ")))
      .map((l: string) => decodePumpEvent(Buffer.from(l.slice(14), "base64")));
    expect(events.map((e: any) => e.kind)).toEqual(["create", "trade", "trade", "trade", "trade", "complete"]);
    expect((events[0] as any).tokenProgram).toBe(TOKEN_2022_PROGRAM_ID);
    w.ws.close();
  });
});
