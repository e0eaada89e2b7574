import { describe, expect, test } from "bun:test";
import {
  PumpDecodeError,
  TOKEN_2022_PROGRAM_ID,
  buildBuyExactSolInInstruction,
  buildBuyInstruction,
  buildSellInstruction,
  creatorVaultPda,
  decodePumpInstruction,
  encodeCreateData,
  encodeCreateV2Data,
} from "../../src/chain/pump/index.ts";
import type { TransactionInstruction } from "@solana/web3.js";
import { vector } from "./vectors.ts";

type Meta = { pubkey: string; is_signer: boolean; is_writable: boolean };
type Ix = { accounts: Meta[]; data: string; program_id: string };
const ix = (kind: string): Ix => vector(kind).value as Ix;
const hex = (h: string): Uint8Array => Uint8Array.fromHex(h) as Uint8Array;
const metas = (t: TransactionInstruction): Meta[] =>
  t.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), is_signer: k.isSigner, is_writable: k.isWritable }));
const CREATOR = "CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv";

describe("buy", () => {
  const v = ix("pump.ix.buy");
  const acc = v.accounts.map((a) => a.pubkey);

  test("decodes the 24-byte legacy mainnet buy and names its 16 accounts", () => {
    const d = decodePumpInstruction(hex(v.data), acc);
    expect(d.name).toBe("buy");
    if (d.name !== "buy") return;
    expect(d.args).toEqual({ amount: 0x19caf6n, maxSolCost: 0xc3n, trackVolume: null });
    expect(d.accounts?.mint).toBe(acc[2]);
    expect(d.accounts?.tokenProgram).toBe(acc[8]);
    expect(d.accounts?.creatorVault).toBe(acc[9]);
    expect(d.accounts?.feeProgram).toBe(acc[15]);
    expect(d.accounts?.remaining).toEqual([]);
  });

  test("builder reproduces the mainnet data and account order/flags (creator vault from our creator)", () => {
    const built = buildBuyInstruction({
      mint: acc[2]!, user: acc[6]!, creator: CREATOR, feeRecipient: acc[1]!, amount: 0x19caf6n, maxSolCost: 0xc3n, trackVolume: null,
    });
    expect((Uint8Array.from(built.data as ArrayLike<number>) as Uint8Array)).toEqual(hex(v.data));
    expect(built.programId.toBase58()).toBe(v.program_id);
    const got = metas(built);
    expect(got.length).toBe(16);
    expect(got[9]).toEqual({ pubkey: creatorVaultPda(CREATOR).toBase58(), is_signer: false, is_writable: true });
    expect([...got.slice(0, 9), ...got.slice(10)]).toEqual([...v.accounts.slice(0, 9), ...v.accounts.slice(10)]);
  });

  test("25-byte data with track_volume; buy_exact_sol_in; Token-2022; remaining accounts", () => {
    const base = { mint: acc[2]!, user: acc[6]!, creator: CREATOR, feeRecipient: acc[1]!, tokenProgram: TOKEN_2022_PROGRAM_ID };
    const b = buildBuyInstruction({ ...base, amount: 5n, maxSolCost: 6n, trackVolume: true });
    expect(b.data.length).toBe(25);
    expect(decodePumpInstruction(new Uint8Array(b.data))).toMatchObject({ name: "buy", args: { amount: 5n, maxSolCost: 6n, trackVolume: true } });
    expect(b.keys[8]!.pubkey.toBase58()).toBe(TOKEN_2022_PROGRAM_ID);
    const e = buildBuyExactSolInInstruction({ ...base, spendableSolIn: 7n, minTokensOut: 8n, remainingAccounts: [{ pubkey: CREATOR, isSigner: false, isWritable: true }] });
    expect(e.keys.length).toBe(17);
    const d = decodePumpInstruction(new Uint8Array(e.data), e.keys.map((k) => k.pubkey.toBase58()));
    expect(d).toMatchObject({ name: "buy_exact_sol_in", args: { spendableSolIn: 7n, minTokensOut: 8n, trackVolume: false } });
    expect(d.accounts?.remaining).toEqual([CREATOR]);
  });
});

describe("sell", () => {
  const v = ix("pump.ix.sell");
  const acc = v.accounts.map((a) => a.pubkey);

  test("decodes the mainnet sell; creator_vault (8) before token_program (9)", () => {
    const d = decodePumpInstruction(hex(v.data), acc);
    expect(d).toMatchObject({ name: "sell", args: { amount: 0x57af12459dn, minSolOutput: 0xd69d8en } });
    if (d.name !== "sell") return;
    expect(d.accounts?.creatorVault).toBe(acc[8]);
    expect(d.accounts?.tokenProgram).toBe(acc[9]);
  });

  test("builder reproduces data, order and flags", () => {
    const built = buildSellInstruction({ mint: acc[2]!, user: acc[6]!, creator: CREATOR, feeRecipient: acc[1]!, amount: 0x57af12459dn, minSolOutput: 0xd69d8en });
    expect((Uint8Array.from(built.data as ArrayLike<number>) as Uint8Array)).toEqual(hex(v.data));
    const got = metas(built);
    expect(got.length).toBe(14);
    expect(got[8]).toEqual({ pubkey: creatorVaultPda(CREATOR).toBase58(), is_signer: false, is_writable: true });
    expect([...got.slice(0, 8), ...got.slice(9)]).toEqual([...v.accounts.slice(0, 8), ...v.accounts.slice(9)]);
  });
});

describe("create / create_v2", () => {
  const v = ix("pump.ix.create");
  const acc = v.accounts.map((a) => a.pubkey);

  test("decodes the mainnet create and re-encodes it byte-exact", () => {
    const d = decodePumpInstruction(hex(v.data), acc);
    expect(d.name).toBe("create");
    if (d.name !== "create") return;
    expect(d.args).toEqual({ name: "Mystical Cat", symbol: "MC", uri: d.args.uri, creator: CREATOR });
    expect(d.args.uri.startsWith("https://ipfs.io/ipfs/")).toBe(true);
    expect(d.accounts?.mint).toBe(acc[0]);
    expect(d.accounts?.user).toBe(CREATOR);
    expect(encodeCreateData(d.args)).toEqual(hex(v.data));
  });

  test("create_v2 round trip and defaults for absent trailing args", () => {
    const args = { name: "A", symbol: "B", uri: "C", creator: CREATOR, isMayhemMode: true, isCashbackEnabled: false, creatorFeeBps: 30n, isHolderReward: true };
    const data = encodeCreateV2Data(args);
    expect(decodePumpInstruction(data)).toEqual({ name: "create_v2", args, accounts: undefined });
    const short = decodePumpInstruction(data.subarray(0, data.length - 11));
    expect(short.args).toMatchObject({ isMayhemMode: false, creatorFeeBps: 0n });
  });
});

describe("decodePumpInstruction errors", () => {
  const reason = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(PumpDecodeError);
      return (err as PumpDecodeError).reason;
    }
    throw new Error("did not throw");
  };
  test("unknown discriminator, short data, too few accounts", () => {
    const buy = hex(ix("pump.ix.buy").data);
    expect(reason(() => decodePumpInstruction(hex("0102030405060708")))).toBe("discriminator");
    expect(reason(() => decodePumpInstruction(buy.subarray(0, 20)))).toBe("truncated");
    expect(reason(() => decodePumpInstruction(buy.subarray(0, 3)))).toBe("truncated");
    expect(reason(() => decodePumpInstruction(buy, ["x"]))).toBe("truncated");
    expect(reason(() => decodePumpInstruction(hex(ix("pump.ix.create").data).subarray(0, 30)))).toBe("truncated");
  });
});
