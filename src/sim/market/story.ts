import type { Rng } from "../../rng.ts";
import type { Fate, MarketAction } from "./actions.ts";
import { CurveMirror } from "./curve-mirror.ts";
import { OVERSHOOT_BUYS, type FateProfile, type Phase } from "./fates.ts";
import { chance, exponential, logUniformLamports, uniform } from "./sampling.ts";

/** What a story needs from the market: its flow parameters and how to name a trader. */
export interface StoryContext {
  /** Mean trades per ms before the phase multiplier. */
  ratePerMs: number;
  /** Hawkes branching ratio in [0, 1). */
  burstiness: number;
  burstDecayMs: number;
  buyLamports: { min: bigint; max: bigint };
  traderCount: number;
  trader(index: number): string;
}

/**
 * One token's flow from launch to the end of its fate: a Hawkes-like self-exciting process (simulated
 * by thinning) inside each phase, plus a curve estimate and the holders, so sells name real holders.
 * All its state is dropped when the story ends.
 */
export class TokenStory {
  private t: number;
  private phaseIdx = -1;
  private phaseEnd = 0;
  private excitation = 0;
  private excitedAt = 0;
  private overshoot = 0;
  private dumpDue = false;
  private ended = false;
  private readonly mirror = new CurveMirror();
  private readonly holdings = new Map<string, bigint>();
  private readonly holders: string[] = [];
  private creatorTokens: bigint;

  constructor(
    readonly mintRef: number,
    readonly fate: Fate,
    private readonly profile: FateProfile,
    private readonly creator: string,
    devBuyLamports: bigint,
    startT: number,
    private readonly rng: Rng,
    private readonly ctx: StoryContext,
  ) {
    this.t = startT;
    this.creatorTokens = this.mirror.buy(devBuyLamports);
    this.enterPhase(0);
  }

  /** The story's next action (time-ordered within the story), or null after its `story-end`. */
  nextAction(): { t: number; action: MarketAction } | null {
    for (;;) {
      if (this.ended) return null;
      if (this.dumpDue) {
        this.dumpDue = false;
        if (this.creatorTokens > 0n) {
          this.mirror.sell(this.creatorTokens);
          this.creatorTokens = 0n;
        }
        return this.emit({ at: 0, kind: "creator-dump", mintRef: this.mintRef, creator: this.creator });
      }
      const phase = this.profile.phases[this.phaseIdx];
      if (!phase || (this.mirror.complete && (!phase.untilComplete || this.overshoot >= OVERSHOOT_BUYS))) {
        this.ended = true;
        return this.emit({ at: 0, kind: "story-end", mintRef: this.mintRef, fate: this.fate });
      }
      const base = this.ctx.ratePerMs * phase.rateMul * (1 - this.ctx.burstiness);
      const bound = base + this.intensityExcess(this.t);
      const candidate = bound > 0 ? this.t + exponential(this.rng, bound) : Infinity;
      if (candidate >= this.phaseEnd) {
        this.t = this.phaseEnd;
        this.enterPhase(this.phaseIdx + 1);
        continue;
      }
      this.t = candidate;
      const excess = this.intensityExcess(candidate);
      if (this.rng.next() * bound > base + excess) continue; // thinning: rejected candidate
      this.excitation = excess + this.ctx.burstiness / this.ctx.burstDecayMs;
      this.excitedAt = candidate;
      const action = this.trade(phase);
      if (action) return this.emit(action);
    }
  }

  private intensityExcess(t: number): number {
    return this.excitation === 0 ? 0 : this.excitation * Math.exp(-(t - this.excitedAt) / this.ctx.burstDecayMs);
  }

  private enterPhase(index: number): void {
    this.phaseIdx = index;
    const phase = this.profile.phases[index];
    if (!phase) return;
    this.phaseEnd = this.t + uniform(this.rng, phase.durationMs[0], phase.durationMs[1]);
    if (phase.creatorDumpAtStart) this.dumpDue = true;
  }

  private emit(action: MarketAction): { t: number; action: MarketAction } {
    action.at = Math.floor(this.t);
    return { t: this.t, action };
  }

  private trade(phase: Phase): MarketAction | null {
    const mintRef = this.mintRef;
    if (this.mirror.complete || this.holders.length === 0 || chance(this.rng, phase.buyProb)) {
      if (this.mirror.complete) this.overshoot++;
      const trader = this.ctx.trader(this.rng.int(0, this.ctx.traderCount - 1));
      const scale = BigInt(Math.round(phase.buyScale * 100));
      const { min, max } = this.ctx.buyLamports;
      const lamports = logUniformLamports(this.rng, (min * scale) / 100n, (max * scale) / 100n);
      const tokens = this.mirror.buy(lamports);
      if (tokens > 0n) this.hold(trader, tokens);
      return { at: 0, kind: "trade", mintRef, trader, side: "buy", lamports };
    }
    const i = this.rng.int(0, this.holders.length - 1);
    const trader = this.holders[i]!;
    const tokensBps = this.rng.int(phase.sellBps[0], phase.sellBps[1]);
    const held = this.holdings.get(trader) ?? 0n;
    const sold = (held * BigInt(tokensBps)) / 10_000n;
    this.mirror.sell(sold);
    if (held - sold > 0n) this.holdings.set(trader, held - sold);
    else {
      this.holdings.delete(trader);
      this.holders[i] = this.holders[this.holders.length - 1]!;
      this.holders.pop();
    }
    return { at: 0, kind: "trade", mintRef, trader, side: "sell", tokensBps };
  }

  private hold(trader: string, tokens: bigint): void {
    const held = this.holdings.get(trader);
    if (held === undefined) this.holders.push(trader);
    this.holdings.set(trader, (held ?? 0n) + tokens);
  }
}
