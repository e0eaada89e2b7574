import type { LaunchParams, SimClusterApi, TradeParams, TradeResult } from "../../../src/sim/hooks.ts";

/** One call the market made, with the virtual time it was made at. */
export type ClusterCall =
  | { at: number; op: "launch"; params: LaunchParams; mint: string }
  | { at: number; op: "trade"; params: TradeParams; result: TradeResult }
  | { at: number; op: "fund"; pubkey: string; lamports: bigint };

/**
 * A fake SimClusterApi on a manual clock: timers run only when the test advances time; trades move
 * token balances 1 lamport = 1 token, so sells can be checked exactly.
 */
export class FakeCluster implements SimClusterApi {
  t = 1_700_000_000_000;
  readonly calls: ClusterCall[] = [];
  readonly balances = new Map<string, bigint>();
  readonly tokens = new Map<string, bigint>();
  timers: Array<{ at: number; seq: number; fn: () => void; cancelled: boolean }> = [];
  maxPendingTimers = 0;
  scheduled = 0;
  refuse: ((p: TradeParams) => string | undefined) | undefined;
  private seq = 0;
  private mints = 0;

  launchToken(p: LaunchParams) {
    const mint = `mint-${this.mints++}`;
    this.calls.push({ at: this.t, op: "launch", params: p, mint });
    const devTokens = p.devBuyLamports ?? 0n;
    this.tokens.set(`${p.creator}/${mint}`, devTokens);
    return { mint, bondingCurve: `curve-${mint}`, signature: `sig-${mint}`, slot: 1, devTokens };
  }
  trade(p: TradeParams): TradeResult {
    const reason = this.refuse?.(p);
    const result: TradeResult = reason
      ? { ok: false, reason }
      : { ok: true, signature: `s${this.calls.length}`, slot: 1, solAmount: p.lamports ?? p.tokens!, tokenAmount: p.lamports ?? p.tokens!, complete: false };
    this.calls.push({ at: this.t, op: "trade", params: p, result });
    if (result.ok) {
      const k = `${p.trader}/${p.mint}`;
      this.tokens.set(k, (this.tokens.get(k) ?? 0n) + (p.side === "buy" ? p.lamports! : -p.tokens!));
    }
    return result;
  }
  fund(pubkey: string, lamports: bigint) {
    this.calls.push({ at: this.t, op: "fund", pubkey, lamports });
    this.balances.set(pubkey, (this.balances.get(pubkey) ?? 0n) + lamports);
  }
  balance(pubkey: string) {
    return this.balances.get(pubkey) ?? 0n;
  }
  tokenBalance(owner: string, mint: string) {
    return this.tokens.get(`${owner}/${mint}`) ?? 0n;
  }
  transferTokens(from: string, to: string, mint: string, tokens: bigint) {
    const have = this.tokenBalance(from, mint);
    if (tokens <= 0n || have < tokens || !this.tokens.has(`${to}/${mint}`)) return false;
    this.tokens.set(`${from}/${mint}`, have - tokens);
    this.tokens.set(`${to}/${mint}`, this.tokenBalance(to, mint) + tokens);
    return true;
  }
  curve() {
    return undefined;
  }
  now() {
    return this.t;
  }
  currentSlot() {
    return Math.floor(this.t / 400);
  }
  schedule(ms: number, fn: () => void) {
    const timer = { at: this.t + ms, seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    this.scheduled++;
    this.maxPendingTimers = Math.max(this.maxPendingTimers, this.timers.filter((x) => !x.cancelled).length);
    return () => {
      timer.cancelled = true;
    };
  }
  onSlot() {
    return () => {};
  }

  /** Moves time forward, running due timers in time order (each at its own due time). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers = this.timers.filter((x) => !x.cancelled);
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
  }
}
