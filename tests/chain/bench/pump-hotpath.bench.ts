/**
 * Benchmark (not a test: no timing assertions): `bun run tests/chain/bench/pump-hotpath.bench.ts [runs]`.
 * Prints the TradeEvent decode rate, tx build+sign p50/p99 (direct bytes vs web3.js), and frame -> signed buy.
 */
import { Keypair, TransactionMessage, VersionedTransaction } from "@solana/web3.js";
import {
  PUMP_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  buildBuyInstruction,
  buildCreateAtaIdempotentInstruction,
  buildSetComputeUnitLimitInstruction,
  buildSetComputeUnitPriceInstruction,
  buildSignedBuyTransaction,
  createSigner,
  decodePumpEvent,
  encodeCreateEvent,
  encodeTradeEvent,
  makeCreateEvent,
  makeTradeEvent,
  parsePumpLogs,
  type CreateEvent,
} from "../../../src/chain/pump/index.ts";
import { MAINNET_FEES, initialCurve, quoteBuyWithSol } from "../../../src/domain/curve.ts";

const N = Number(process.argv[2] ?? 10_000);
const WARMUP = 500;
const signer = createSigner(Keypair.generate().secretKey);
const blockhash = Keypair.generate().publicKey.toBase58();
const feeRecipient = "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV";
const P = PUMP_PROGRAM_ID;
const key = (): string => Keypair.generate().publicKey.toBase58();

/** A logsNotification's logs for a fresh launch: create_v2 (2026 CreateEvent) then a buy (2026 TradeEvent). */
function frame(): string[] {
  const mint = key();
  const creator = key();
  const c = makeCreateEvent({
    name: "Some Token Name", symbol: "STN", uri: "https://ipfs.io/ipfs/QmeXR4TB9NZVK279DAVDKevSLzrWSi9papnaknVPJ8AvHe",
    mint, bondingCurve: key(), user: creator, creator, timestamp: 1_770_000_000n, ...initialCurve(), tokenProgram: TOKEN_2022_PROGRAM_ID,
  });
  const t = makeTradeEvent({ mint, user: creator, creator, feeRecipient, ixName: "buy", isBuy: true });
  return [
    `Program ${P} invoke [1]`, "Program log: Instruction: CreateV2", `Program data: ${encodeCreateEvent(c, "2026").toBase64()}`, `Program ${P} success`,
    `Program ${P} invoke [1]`, "Program log: Instruction: Buy", `Program data: ${encodeTradeEvent(t, "2026").toBase64()}`,
    `Program ${P} invoke [2]`, `Program ${P} success`, `Program ${P} success`,
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function measure(label: string, fn: (i: number) => unknown): void {
  for (let i = 0; i < WARMUP; i++) fn(N + i);
  const us: number[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    fn(i);
    us[i] = (performance.now() - t0) * 1000;
  }
  us.sort((a, b) => a - b);
  console.log(`${label}: n=${N} p50 ${percentile(us, 0.5).toFixed(1)} us, p99 ${percentile(us, 0.99).toFixed(1)} us`);
}

const frames = Array.from({ length: N + WARMUP }, frame);
const curve = initialCurve();
const buy = (c: CreateEvent) => {
  const q = quoteBuyWithSol(curve, 100_000_000n, MAINNET_FEES);
  return buildSignedBuyTransaction({
    signer, recentBlockhash: blockhash, computeUnitLimit: 120_000, microLamportsPerCu: 200_000n, version: 0,
    mint: c.mint, creator: c.creator, bondingCurve: c.bondingCurve, tokenProgram: c.tokenProgram, feeRecipient,
    amount: q.tokens, maxSolCost: q.total + q.total / 10n,
  });
};

const trade = Uint8Array.fromBase64(frames[0]![6]!.slice("Program data: ".length));
const M = 300_000;
for (let i = 0; i < 30_000; i++) decodePumpEvent(trade);
let t0 = performance.now();
for (let i = 0; i < M; i++) decodePumpEvent(trade);
const ms = performance.now() - t0;
console.log(`decodePumpEvent, 258-byte TradeEvent: ${Math.round((M / ms) * 1000)} /s (${((ms * 1000) / M).toFixed(2)} us each)`);

const cached = parsePumpLogs(frames[0]!).events[0] as CreateEvent;
measure("build+sign buy, direct bytes, PDAs cached", () => buy(cached));
measure("build+sign buy, web3.js TransactionMessage v0 + native sign, PDAs cached", () => {
  const payer = signer.publicKey;
  const msg = new TransactionMessage({
    payerKey: payer,
    recentBlockhash: blockhash,
    instructions: [
      buildSetComputeUnitLimitInstruction(120_000),
      buildSetComputeUnitPriceInstruction(200_000n),
      buildCreateAtaIdempotentInstruction({ payer, owner: payer, mint: cached.mint, tokenProgram: cached.tokenProgram }),
      buildBuyInstruction({ mint: cached.mint, user: payer, creator: cached.creator, tokenProgram: cached.tokenProgram, feeRecipient, amount: 1n, maxSolCost: 2n }),
    ],
  }).compileToV0Message();
  const tx = new VersionedTransaction(msg);
  tx.signatures[0] = signer.sign(msg.serialize());
  return tx.serialize();
});
measure("frame -> signed buy, PDAs cached (same launch)", () => buy(parsePumpLogs(frames[0]!).events[0] as CreateEvent));
measure("frame -> signed buy, new launch each frame (ATA x2 + creator vault derived)", (i) => buy(parsePumpLogs(frames[i]!).events[0] as CreateEvent));
