/**
 * The token programs' CloseAccount on the simulated cluster: a sell that empties the wallet's token
 * account and closes it gives the account's rent back; a close of an account that still holds tokens is
 * refused with the real program's error and changes nothing.
 */
import { describe, expect, test } from "bun:test";
import {
  buildSignedBuyTransaction,
  buildSignedSellTransaction,
  deriveAssociatedTokenAddress,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from "../../src/chain/pump/index.ts";
import { compileAndSign } from "../../src/chain/message.ts";
import { ACCOUNT_NOT_EMPTY_ERROR, closeAccountRaw } from "../../src/chain/token-close.ts";
import { MAINNET_FEES, sellSolForTokens, type CurveReserves } from "../../src/domain/curve.ts";
import { TOKEN_ACCOUNT_RENT } from "../../src/sim/ledger/tokens.ts";
import { FEE_RECIPIENT } from "../../src/sim/pump/genesis.ts";
import { call, clusterPerFile, testSigner } from "./helpers.ts";

const cluster = clusterPerFile();
const CREATOR = testSigner(39).address;
const CU_LIMIT = 100_000;
const CU_PRICE = 1_000_000n;
const TX_FEE = 5000n + 100_000n;
const FUNDS = 3_000_000_000n;

async function blockhash(): Promise<string> {
  return (await call(cluster().httpUrl, "getLatestBlockhash")).result.value.blockhash;
}

async function send(base64: string): Promise<any> {
  return call(cluster().httpUrl, "sendTransaction", [base64, { encoding: "base64" }]);
}

/** A funded wallet that bought 0.5 SOL of a fresh launch on `tokenProgram`. */
async function holder(n: number, tokenProgram: "spl-token" | "token-2022") {
  const launch = cluster().api.launchToken({ creator: CREATOR, name: "c", symbol: "C", uri: "u", tokenProgram });
  const program = tokenProgram === "spl-token" ? TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID;
  const signer = testSigner(n);
  cluster().api.fund(signer.address, FUNDS);
  const common = { signer, computeUnitLimit: CU_LIMIT, microLamportsPerCu: CU_PRICE, mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, tokenProgram: program };
  const buy = buildSignedBuyTransaction({ ...common, recentBlockhash: await blockhash(), spendableSolIn: 500_000_000n, minTokensOut: 1n });
  expect((await send(buy.base64)).result).toBe(buy.signature);
  const held = cluster().api.tokenBalance(signer.address, launch.mint);
  const ata = deriveAssociatedTokenAddress(signer.address, launch.mint, program).address;
  const curve = cluster().api.curve(launch.mint)!;
  const reserves: CurveReserves = { ...curve, tokenTotalSupply: 1_000_000_000_000_000n };
  return { launch, signer, common, held, ata, reserves };
}

async function accountInfo(pubkey: string): Promise<any> {
  return (await call(cluster().httpUrl, "getAccountInfo", [pubkey, { encoding: "base64" }])).result.value;
}

describe("CloseAccount after a sell", () => {
  for (const program of ["spl-token", "token-2022"] as const) {
    test(`${program}: a sell of every token that closes the account gives its rent back; the account is gone`, async () => {
      const h = await holder(program === "spl-token" ? 40 : 41, program);
      expect(cluster().api.balance(h.ata)).toBe(TOKEN_ACCOUNT_RENT);
      const before = cluster().api.balance(h.signer.address);
      const q = sellSolForTokens(h.reserves, h.held, MAINNET_FEES);
      const sell = buildSignedSellTransaction({ ...h.common, recentBlockhash: await blockhash(), amount: h.held, minSolOutput: q.net, closeAccount: true });
      expect((await send(sell.base64)).result).toBe(sell.signature);
      expect(cluster().api.balance(h.signer.address)).toBe(before + q.net - TX_FEE + TOKEN_ACCOUNT_RENT);
      expect(cluster().api.balance(h.ata)).toBe(0n);
      expect(await accountInfo(h.ata)).toBeNull();
      cluster().control.advanceSlot();
      const got = (await call(cluster().httpUrl, "getTransaction", [sell.signature, { encoding: "json", commitment: "confirmed", maxSupportedTransactionVersion: 0 }])).result;
      expect(got.meta.err).toBeNull();
      expect(got.meta.logMessages).toContain("Program log: Instruction: CloseAccount");
      expect(got.meta.logMessages.at(-1)).toBe(`Program ${program === "spl-token" ? TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID} success`);
      // The closed account is no longer a token account after the transaction.
      expect(got.meta.preTokenBalances.some((b: any) => b.owner === h.signer.address)).toBe(true);
      expect(got.meta.postTokenBalances.some((b: any) => b.owner === h.signer.address)).toBe(false);
    });
  }

  test("a close of an account that still holds tokens is refused (custom error 11) and the whole sell with it", async () => {
    const h = await holder(42, "spl-token");
    const before = cluster().api.balance(h.signer.address);
    const part = h.held / 2n;
    const q = sellSolForTokens(h.reserves, part, MAINNET_FEES);
    const sell = buildSignedSellTransaction({ ...h.common, recentBlockhash: await blockhash(), amount: part, minSolOutput: q.net, closeAccount: true });
    const res = await send(sell.base64);
    expect(res.error.code).toBe(-32002);
    expect(res.error.data.err).toEqual({ InstructionError: [3, { Custom: ACCOUNT_NOT_EMPTY_ERROR }] });
    expect(res.error.data.logs).toContain("Program log: Error: Non-native account can only be closed if its balance is zero");
    expect(cluster().api.tokenBalance(h.signer.address, h.launch.mint)).toBe(h.held);
    expect(cluster().api.balance(h.signer.address)).toBe(before);
    expect(cluster().api.balance(h.ata)).toBe(TOKEN_ACCOUNT_RENT);
  });

  test("tokens a stranger sends after the buy make the close fail; the same sell without the close lands", async () => {
    const h = await holder(43, "spl-token");
    const stranger = testSigner(44).address;
    expect(cluster().api.trade({ trader: stranger, mint: h.launch.mint, side: "buy", lamports: 10_000_000n }).ok).toBe(true);
    // A transfer needs both accounts and enough tokens.
    expect(cluster().api.transferTokens(stranger, testSigner(48).address, h.launch.mint, 1n)).toBe(false);
    expect(cluster().api.transferTokens(stranger, h.signer.address, h.launch.mint, 10n ** 18n)).toBe(false);
    expect(cluster().api.transferTokens(stranger, h.signer.address, h.launch.mint, 1n)).toBe(true);
    expect(cluster().api.tokenBalance(h.signer.address, h.launch.mint)).toBe(h.held + 1n);
    const reserves: CurveReserves = { ...cluster().api.curve(h.launch.mint)!, tokenTotalSupply: 1_000_000_000_000_000n };
    const q = sellSolForTokens(reserves, h.held, MAINNET_FEES);
    const closing = buildSignedSellTransaction({ ...h.common, recentBlockhash: await blockhash(), amount: h.held, minSolOutput: q.net, closeAccount: true });
    expect((await send(closing.base64)).error.data.err).toEqual({ InstructionError: [3, { Custom: ACCOUNT_NOT_EMPTY_ERROR }] });
    const plain = buildSignedSellTransaction({ ...h.common, recentBlockhash: await blockhash(), amount: h.held, minSolOutput: q.net });
    expect((await send(plain.base64)).result).toBe(plain.signature);
    expect(cluster().api.tokenBalance(h.signer.address, h.launch.mint)).toBe(1n);
  });

  test("the close checks owner and signature like the token program", async () => {
    const h = await holder(45, "spl-token");
    const q = sellSolForTokens(h.reserves, h.held, MAINNET_FEES);
    const sold = buildSignedSellTransaction({ ...h.common, recentBlockhash: await blockhash(), amount: h.held, minSolOutput: q.net });
    expect((await send(sold.base64)).result).toBe(sold.signature);
    // The account is empty now; a stranger cannot close it to take its rent.
    const thief = testSigner(46);
    cluster().api.fund(thief.address, FUNDS);
    const steal = compileAndSign(thief, [closeAccountRaw({ account: h.ata, destination: thief.address, owner: thief.address })], await blockhash());
    const res = await send(steal.base64);
    expect(res.error.data.err).toEqual({ InstructionError: [0, { Custom: 4 }] });
    expect(res.error.data.logs).toContain("Program log: Error: owner does not match");
    expect(cluster().api.balance(h.ata)).toBe(TOKEN_ACCOUNT_RENT);
    // Its owner can.
    const close = compileAndSign(h.signer, [closeAccountRaw({ account: h.ata, destination: h.signer.address, owner: h.signer.address })], await blockhash());
    expect((await send(close.base64)).result).toBe(close.signature);
    expect(await accountInfo(h.ata)).toBeNull();
  });

  test("a token-program instruction other than CloseAccount is refused", async () => {
    const signer = testSigner(47);
    cluster().api.fund(signer.address, FUNDS);
    const tx = compileAndSign(signer, [{ programId: TOKEN_PROGRAM_ID, keys: [], data: Uint8Array.of(3) }], await blockhash());
    expect((await send(tx.base64)).error.data.err).toEqual({ InstructionError: [0, "InvalidInstructionData"] });
  });
});
