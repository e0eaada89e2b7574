import { describe, expect, test } from "bun:test";
import { accountingMismatches, walletDelta, type ChainTrade, type DbFill } from "../../scripts/chaos-accounting.ts";

const buy: ChainTrade = { mint: "M1", signature: "b1", side: "buy", sol: 10_000_000n, tokens: 350_000_000_000n, fee: 95_000n, creatorFee: 5_000n, txFee: 105_000n };
const sell: ChainTrade = { mint: "M1", signature: "s1", side: "sell", sol: 12_000_000n, tokens: 350_000_000_000n, fee: 114_000n, creatorFee: 6_000n, txFee: 5_000n };
const fillOf = (t: ChainTrade): DbFill => ({ signature: t.signature, side: t.side, lamports: t.sol, tokens: t.tokens, protocol: t.fee, creator: t.creatorFee, network: t.txFee });
// cost = curve SOL + every fee of the buy; proceeds = curve SOL - every fee of the sell.
const closed = { positionId: "M1:launch", mint: "M1", costLamports: 10_205_000n, proceedsLamports: 11_875_000n };

describe("chaos accounting: the database's money against the referee's", () => {
  test("exact fills and a closed position whose PnL is its trades' wallet delta: nothing reported", () => {
    expect(walletDelta(buy) + walletDelta(sell)).toBe(closed.proceedsLamports - closed.costLamports);
    const fills = new Map([buy, sell].map((t) => [t.signature, fillOf(t)]));
    expect(accountingMismatches([buy, sell], fills, [closed])).toEqual({ wrongFills: [], wrongPnl: [] });
  });

  test("a fill off by one lamport in any amount, or on the wrong side, is named with both values", () => {
    const fills = new Map([
      ["b1", { ...fillOf(buy), lamports: buy.sol + 1n, network: 5_000n }],
      ["s1", { ...fillOf(sell), side: "buy" as const, tokens: 1n }],
    ]);
    expect(accountingMismatches([buy, sell], fills, []).wrongFills).toEqual([
      "M1 b1: lamports 10000001 != 10000000, network fee 5000 != 105000",
      "M1 s1: side buy != sell, tokens 1 != 350000000000",
    ]);
  });

  test("a closed position that missed a sell, counted one twice, or never reached the chain is reported; a missing fill is left to the caller", () => {
    const second: ChainTrade = { ...sell, signature: "s2", sol: 1_000_000n };
    expect(accountingMismatches([buy, sell, second], new Map(), [closed]).wrongPnl).toEqual([
      `M1:launch: PnL 1670000 in the database, ${walletDelta(buy) + walletDelta(sell) + walletDelta(second)} on chain`,
    ]);
    expect(accountingMismatches([buy], new Map(), [{ ...closed, mint: "M2", positionId: "M2:x" }]).wrongPnl).toEqual(["M2:x: PnL 1670000 in the database, 0 on chain"]);
  });
});
