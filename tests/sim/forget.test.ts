import { afterEach, describe, expect, test } from "bun:test";
import { deriveCreatorVault } from "../../src/chain/pump/index.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { startTestCluster, testSigner } from "./helpers.ts";

let c: SimCluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

describe("forgetting a finished token", () => {
  test("removes the token's accounts and its holders' token accounts; the ledger is back to its wallets", async () => {
    c = await startTestCluster();
    const accounts = c.chain.ledger.accounts;
    const creator = testSigner(1).address;
    const trader = testSigner(2).address;
    const before = accounts.size;
    const { mint } = c.api.launchToken({ creator, name: "Done", symbol: "D", uri: "u", devBuyLamports: 1_000_000_000n });
    expect(c.api.trade({ trader, mint, side: "buy", lamports: 50_000_000n }).ok).toBe(true);
    const made = accounts.size - before;
    const closed: { key: string; lamports: bigint; data: number }[] = [];
    accounts.onChange((key, a) => closed.push({ key, lamports: a.lamports, data: a.data.length }));

    // mint, curve, the curve's token account, metadata, and the creator's and trader's token accounts
    expect(c.control.forgetToken(mint, [creator, trader])).toBe(6);
    expect(c.api.curve(mint)).toBeUndefined();
    expect(c.api.tokenBalance(trader, mint)).toBe(0n);
    expect(c.api.trade({ trader, mint, side: "buy", lamports: 1n })).toEqual({ ok: false, reason: "unknown mint" });
    // Subscribers see each account closed (empty, no lamports).
    expect(closed.length).toBe(6);
    expect(closed.every((x) => x.lamports === 0n && x.data === 0)).toBe(true);
    // What is left of the launch: the two wallets and the creator's fee vault.
    const vault = deriveCreatorVault(creator).address;
    expect(accounts.size - before).toBe(made - 6);
    expect(c.control.forgetAccounts([creator, vault, trader])).toBe(3);
    expect(accounts.size).toBe(before);
    expect(made).toBe(9);
    expect(c.control.forgetToken(mint, [creator, trader])).toBe(0); // nothing left to forget
  });
});
