/**
 * The money half of `bun run chaos`: the database's fills and closed positions against the referee's own
 * record of the wallet's trades. A fill must carry its transaction's exact amounts (SOL on the curve,
 * tokens, protocol fee, creator fee, network fee); a closed position's PnL (proceeds - cost) must equal
 * what its mint's trades moved, fees included, however many kills fell between its buy and its last sell.
 */

/** One landed trade of the wallet, as the referee recorded it. */
export interface ChainTrade {
  mint: string;
  signature: string;
  side: "buy" | "sell";
  /** SOL moved on the curve, fees excluded. */
  sol: bigint;
  tokens: bigint;
  fee: bigint;
  creatorFee: bigint;
  /** The transaction's network fee (base + priority). */
  txFee: bigint;
}

/** A fill row of the database; `network` is its base + priority fee. */
export interface DbFill {
  signature: string;
  side: "buy" | "sell";
  lamports: bigint;
  tokens: bigint;
  protocol: bigint;
  creator: bigint;
  network: bigint;
}

/** A position the database has closed, with its own accounting. */
export interface ClosedPosition {
  positionId: string;
  mint: string;
  costLamports: bigint;
  proceedsLamports: bigint;
}

/** What disagrees with the chain, one line each (bounded by the inputs). */
export interface AccountingMismatches {
  wrongFills: string[];
  wrongPnl: string[];
}

/** Lamports a trade moved into (+) or out of (-) the wallet, every fee included (token-account rent aside). */
export function walletDelta(t: ChainTrade): bigint {
  const fees = t.fee + t.creatorFee + t.txFee;
  return t.side === "sell" ? t.sol - fees : -(t.sol + fees);
}

/** Compares the database's fills and closed positions with the referee's trades (see the file comment). */
export function accountingMismatches(chain: readonly ChainTrade[], fills: ReadonlyMap<string, DbFill>, closed: readonly ClosedPosition[]): AccountingMismatches {
  const wrongFills: string[] = [];
  const byMint = new Map<string, bigint>();
  for (const t of chain) {
    byMint.set(t.mint, (byMint.get(t.mint) ?? 0n) + walletDelta(t));
    const f = fills.get(t.signature);
    if (f === undefined) continue; // a missing fill is counted by the caller's own check
    const off = f.side === t.side ? [] : [`side ${f.side} != ${t.side}`];
    const amounts: [string, bigint, bigint][] = [
      ["lamports", f.lamports, t.sol], ["tokens", f.tokens, t.tokens], ["protocol fee", f.protocol, t.fee],
      ["creator fee", f.creator, t.creatorFee], ["network fee", f.network, t.txFee],
    ];
    for (const [name, db, onChain] of amounts) if (db !== onChain) off.push(`${name} ${db} != ${onChain}`);
    if (off.length > 0) wrongFills.push(`${t.mint} ${t.signature}: ${off.join(", ")}`);
  }
  const wrongPnl: string[] = [];
  for (const p of closed) {
    const pnl = p.proceedsLamports - p.costLamports;
    const onChain = byMint.get(p.mint) ?? 0n;
    if (pnl !== onChain) wrongPnl.push(`${p.positionId}: PnL ${pnl} in the database, ${onChain} on chain`);
  }
  return { wrongFills, wrongPnl };
}
