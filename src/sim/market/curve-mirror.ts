/**
 * The planner's private estimate of one bonding curve (wire-format.md curve math), so it can tell when
 * buying has completed the curve and who holds what. An estimate only: the bot's own trades move the
 * real curve too, and the cluster's ledger stays the authority.
 */
export class CurveMirror {
  private vSol = 30_000_000_000n;
  private vTok = 1_073_000_000_000_000n;
  private realTok = 793_100_000_000_000n;
  /** Real SOL deposited into the curve (excluding fees). */
  realSol = 0n;

  constructor(private readonly totalFeeBps = 125n) {}

  /** True once the curve has sold all its real tokens. */
  get complete(): boolean {
    return this.realTok === 0n;
  }

  /** Applies a buy spending `lamports` (fees included); returns the tokens received. */
  buy(lamports: bigint): bigint {
    if (this.complete || lamports <= 1n) return 0n;
    const net = ((lamports - 1n) * 10_000n) / (10_000n + this.totalFeeBps);
    let tokens = (net * this.vTok) / (this.vSol + net);
    let cost = net;
    if (tokens >= this.realTok) {
      tokens = this.realTok;
      cost = (tokens * this.vSol) / (this.vTok - tokens) + 1n;
    }
    this.vSol += cost;
    this.vTok -= tokens;
    this.realTok -= tokens;
    this.realSol += cost;
    return tokens;
  }

  /** Applies a sell of `tokens`; returns the curve SOL paid out (before fees). */
  sell(tokens: bigint): bigint {
    if (this.complete || tokens <= 0n) return 0n;
    let out = (tokens * this.vSol) / (this.vTok + tokens);
    if (out > this.realSol) out = this.realSol;
    this.vSol -= out;
    this.vTok += tokens;
    this.realTok += tokens;
    this.realSol -= out;
    return out;
  }
}
