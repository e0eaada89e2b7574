import { seededRng, type Rng } from "../../rng.ts";
import { FATES, type MarketAction } from "./actions.ts";
import { drawTokenText } from "./names.ts";
import { resolveMarketOptions, type MarketOptions, type MarketOptionsInput } from "./options.ts";
import { TimeHeap } from "./heap.ts";
import { chance, childRng, deriveSeed, exponential, logUniformLamports, weightedPick } from "./sampling.ts";
import { TokenStory, type StoryContext } from "./story.ts";
import { WalletBook } from "./wallets.ts";

interface Entry {
  t: number;
  seq: number;
  action: MarketAction;
  /** The story that produced the action, or the new story a launch starts (null: a launch without flow). */
  story: TokenStory | null;
}

/**
 * The market plan as a lazy, time-ordered stream of actions. Pure: no clock, no I/O; the same options
 * give the same stream. Memory is bounded by the number of live stories (each holds only its own
 * curve estimate and holders, dropped at its `story-end`) plus the wallet cache.
 */
export class MarketPlanner implements Iterable<MarketAction> {
  /** The resolved options (defaults filled). */
  readonly options: MarketOptions;
  /** The deterministic wallets behind every creator and trader named in the plan. */
  readonly wallets: WalletBook;
  private readonly heap = new TimeHeap<Entry>();
  private readonly launchRng: Rng;
  private readonly ctx: StoryContext;
  private seq = 0;
  private launches = 0;
  private live = 0;

  constructor(options: MarketOptionsInput = {}) {
    const o = (this.options = resolveMarketOptions(options));
    this.wallets = new WalletBook(o.seed, { creator: o.creators, trader: o.traders });
    this.launchRng = seededRng(deriveSeed(o.seed, 1));
    this.ctx = {
      ratePerMs: o.tradeRatePerToken / 1000,
      burstiness: o.burstiness,
      burstDecayMs: o.burstDecayMs,
      buyLamports: o.buyLamports,
      traderCount: o.traders,
      trader: (i) => this.wallets.pubkey("trader", i),
    };
    this.scheduleLaunch(0);
  }

  /** Tokens whose story is still running. */
  get liveStories(): number {
    return this.live;
  }

  /** The next action without consuming it. */
  peek(): MarketAction | undefined {
    return this.heap.peek()?.action;
  }

  /** Consumes and returns the next action; undefined when the plan is over (only with `durationMs`). */
  next(): MarketAction | undefined {
    const entry = this.heap.pop();
    if (!entry) return undefined;
    const { action, story } = entry;
    if (action.kind === "launch") {
      if (story) this.live++;
      // A launch over the cap has no flow: its story ends at once, so consumers can drop it too.
      else this.push(entry.t, { at: action.at, kind: "story-end", mintRef: action.mintRef, fate: action.launch.fate }, null);
      this.scheduleLaunch(entry.t);
    }
    if (action.kind === "story-end" && story) this.live--;
    if (story) {
      const step = story.nextAction();
      if (step) this.push(step.t, step.action, story);
    }
    return action;
  }

  /** The next `n` actions (fewer if the plan ends). */
  take(n: number): MarketAction[] {
    const out: MarketAction[] = [];
    while (out.length < n) {
      const a = this.next();
      if (!a) break;
      out.push(a);
    }
    return out;
  }

  *[Symbol.iterator](): Iterator<MarketAction> {
    for (let a = this.next(); a; a = this.next()) yield a;
  }

  private push(t: number, action: MarketAction, story: TokenStory | null): void {
    this.heap.push({ t, seq: this.seq++, action, story });
  }

  /** Plans the launch after time `after` (Poisson arrivals), with its whole story's randomness drawn now. */
  private scheduleLaunch(after: number): void {
    const o = this.options, rng = this.launchRng;
    const t = after + exponential(rng, o.launchRatePerSec / 1000);
    if (o.durationMs !== undefined && t >= o.durationMs) return;
    const mintRef = this.launches++;
    const fate = weightedPick(rng, o.fateMix, FATES);
    const profile = o.fateProfiles[fate];
    const creator = this.wallets.pubkey("creator", rng.int(0, o.creators - 1));
    const text = drawTokenText(rng, mintRef, o.adversarialShare, o.maxNameLength);
    const tokenProgram = chance(rng, o.token2022Share) ? "token-2022" : "spl-token";
    const devBuyLamports = chance(rng, profile.noDevBuyProb)
      ? 0n
      : logUniformLamports(rng, profile.devBuyLamports[0], profile.devBuyLamports[1]);
    const storyRng = childRng(rng);
    // Checked when planned (only one launch is ever pending), so live stories never exceed the cap.
    const story =
      this.live < o.maxLiveTokens
        ? new TokenStory(mintRef, fate, profile, creator, devBuyLamports, t, storyRng, this.ctx)
        : null;
    const launch = { creator, name: text.name, symbol: text.symbol, uri: text.uri, tokenProgram, devBuyLamports, fate, adversarial: text.adversarial } as const;
    this.push(t, { at: Math.floor(t), kind: "launch", mintRef, launch }, story);
  }
}
