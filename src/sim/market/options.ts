import { SniperError } from "../../errors.ts";
import type { Fate } from "./actions.ts";
import { FATE_PROFILES, type FateProfile } from "./fates.ts";

/** Relative weights of each fate (any non-negative numbers; at least one positive). */
export type FateMix = Record<Fate, number>;

/** Options of the market model; every field has a default (see DEFAULT_MARKET_OPTIONS). */
export interface MarketOptions {
  /** Seed of everything: same seed, same market. */
  seed: number;
  /** Mean launches per second (Poisson arrivals). */
  launchRatePerSec: number;
  /** Weights of the fates of launched tokens. */
  fateMix: FateMix;
  /** Number of simulated trader wallets. */
  traders: number;
  /** Number of simulated creator wallets. */
  creators: number;
  /** Mean trades per second on one live token, before the fate's phase multiplier. */
  tradeRatePerToken: number;
  /** Self-excitation of trade flow in [0, 0.95]: 0 = plain Poisson, near 1 = heavy bursts (Hawkes branching ratio). */
  burstiness: number;
  /** Decay time of a burst's excitation, ms. */
  burstDecayMs: number;
  /** Share of launches whose name/symbol/uri are hostile, in [0, 1]. */
  adversarialShare: number;
  /** Upper bound of hostile name length (UTF-16 units). */
  maxNameLength: number;
  /** Share of launches on Token-2022 (`create_v2`), in [0, 1]. */
  token2022Share: number;
  /** Trader buy size range, lamports (log-uniform). */
  buyLamports: { min: bigint; max: bigint };
  /** No launch is planned at or after this many ms (stories already running play out); undefined = endless. */
  durationMs?: number;
  /** At most this many tokens have trade flow at once; later launches get no flow while at the cap. */
  maxLiveTokens: number;
  /** How each fate plays out (dev buy, phases); a partial map overrides only the fates it names. */
  fateProfiles: Record<Fate, FateProfile>;
}

/** What callers pass: any subset, nested maps included (missing fates keep their defaults). */
export type MarketOptionsInput = Partial<Omit<MarketOptions, "fateMix" | "fateProfiles" | "buyLamports">> & {
  fateMix?: Partial<FateMix>;
  fateProfiles?: Partial<Record<Fate, FateProfile>>;
  buyLamports?: Partial<MarketOptions["buyLamports"]>;
};

/** The defaults: a lively but laptop-friendly market. */
export const DEFAULT_MARKET_OPTIONS: Readonly<MarketOptions> = Object.freeze({
  seed: 1,
  launchRatePerSec: 0.5,
  fateMix: { rug: 0.35, pumpDump: 0.3, slowBleed: 0.3, graduation: 0.05 },
  traders: 200,
  creators: 50,
  tradeRatePerToken: 2,
  burstiness: 0.5,
  burstDecayMs: 1500,
  adversarialShare: 0.1,
  maxNameLength: 1024,
  token2022Share: 0.5,
  buyLamports: { min: 10_000_000n, max: 2_000_000_000n },
  maxLiveTokens: 5_000,
  fateProfiles: FATE_PROFILES,
});

/** Fills defaults and checks ranges; an invalid option is a `config` SniperError naming the field. */
export function resolveMarketOptions(partial: MarketOptionsInput = {}): MarketOptions {
  const o: MarketOptions = {
    ...DEFAULT_MARKET_OPTIONS,
    ...(partial as Partial<MarketOptions>),
    fateMix: { ...DEFAULT_MARKET_OPTIONS.fateMix, ...partial.fateMix },
    buyLamports: { ...DEFAULT_MARKET_OPTIONS.buyLamports, ...partial.buyLamports },
    fateProfiles: { ...DEFAULT_MARKET_OPTIONS.fateProfiles, ...partial.fateProfiles },
  };
  const bad = (field: string, rule: string, value: unknown): never => {
    throw new SniperError("config", `market.${field} ${rule} (got ${String(value)})`, { field, rule });
  };
  if (!Number.isInteger(o.seed)) bad("seed", "must be an integer", o.seed);
  if (!(o.launchRatePerSec > 0 && Number.isFinite(o.launchRatePerSec))) bad("launchRatePerSec", "must be > 0", o.launchRatePerSec);
  for (const [k, w] of Object.entries(o.fateMix)) if (!(w >= 0 && Number.isFinite(w))) bad(`fateMix.${k}`, "must be >= 0", w);
  if (!(Object.values(o.fateMix).reduce((a, b) => a + b, 0) > 0)) bad("fateMix", "needs a positive weight", JSON.stringify(o.fateMix));
  if (!(Number.isInteger(o.traders) && o.traders >= 1)) bad("traders", "must be an integer >= 1", o.traders);
  if (!(Number.isInteger(o.creators) && o.creators >= 1)) bad("creators", "must be an integer >= 1", o.creators);
  if (!(o.tradeRatePerToken >= 0 && Number.isFinite(o.tradeRatePerToken))) bad("tradeRatePerToken", "must be >= 0", o.tradeRatePerToken);
  if (!(o.burstiness >= 0 && o.burstiness <= 0.95)) bad("burstiness", "must be in [0, 0.95]", o.burstiness);
  if (!(o.burstDecayMs > 0)) bad("burstDecayMs", "must be > 0", o.burstDecayMs);
  if (!(o.adversarialShare >= 0 && o.adversarialShare <= 1)) bad("adversarialShare", "must be in [0, 1]", o.adversarialShare);
  if (!(Number.isInteger(o.maxNameLength) && o.maxNameLength >= 1)) bad("maxNameLength", "must be an integer >= 1", o.maxNameLength);
  if (!(o.token2022Share >= 0 && o.token2022Share <= 1)) bad("token2022Share", "must be in [0, 1]", o.token2022Share);
  if (!(o.buyLamports.min > 1n && o.buyLamports.max >= o.buyLamports.min)) bad("buyLamports", "needs 1 < min <= max", `${o.buyLamports.min}..${o.buyLamports.max}`);
  if (o.durationMs !== undefined && !(o.durationMs >= 0)) bad("durationMs", "must be >= 0", o.durationMs);
  if (!(Number.isInteger(o.maxLiveTokens) && o.maxLiveTokens >= 0)) bad("maxLiveTokens", "must be an integer >= 0", o.maxLiveTokens);
  for (const [fate, p] of Object.entries(o.fateProfiles)) {
    const at = `fateProfiles.${fate}`;
    if (!(p.noDevBuyProb >= 0 && p.noDevBuyProb <= 1)) bad(`${at}.noDevBuyProb`, "must be in [0, 1]", p.noDevBuyProb);
    if (!(p.devBuyLamports[0] > 1n && p.devBuyLamports[1] >= p.devBuyLamports[0])) bad(`${at}.devBuyLamports`, "needs 1 < min <= max", p.devBuyLamports.join(".."));
    if (p.phases.length === 0) bad(`${at}.phases`, "needs at least one phase", 0);
    p.phases.forEach((ph, i) => {
      const f = `${at}.phases[${i}]`;
      if (!(ph.durationMs[0] >= 0 && ph.durationMs[1] >= ph.durationMs[0])) bad(`${f}.durationMs`, "needs 0 <= min <= max", ph.durationMs.join(".."));
      if (!(ph.rateMul >= 0)) bad(`${f}.rateMul`, "must be >= 0", ph.rateMul);
      if (!(ph.buyProb >= 0 && ph.buyProb <= 1)) bad(`${f}.buyProb`, "must be in [0, 1]", ph.buyProb);
      if (!(ph.buyScale > 0)) bad(`${f}.buyScale`, "must be > 0", ph.buyScale);
      if (!(ph.sellBps[0] >= 1 && ph.sellBps[1] <= 10_000 && ph.sellBps[0] <= ph.sellBps[1])) bad(`${f}.sellBps`, "needs 1 <= min <= max <= 10000", ph.sellBps.join(".."));
    });
  }
  return o;
}
