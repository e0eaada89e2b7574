/** Turns the `[filters]` settings into the frozen FilterConfig the hot path reads; every error names its field. */
import { SniperError } from "../../errors.ts";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "../../chain/pump/constants.ts";
import type { FilterConfig, FilterSettings } from "./types.ts";
import { compilePatterns } from "./patterns.ts";

/** Defaults of the `[filters]` section. */
export const filterDefaults: FilterSettings = {
  nameDeny: [],
  nameAllow: [],
  maxNameChars: 64,
  creatorDeny: [],
  creatorAllow: [],
  maxCreatorRugs: 0,
  devBuyMinLamports: 0,
  devBuyMaxLamports: 0,
  tokenPrograms: [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID],
  maxLaunchesPerMinute: 10,
  maxOpenPositions: 5,
  maxTokenExposureLamports: 0,
  maxTotalExposureLamports: 2_000_000_000,
  balanceFloorLamports: 100_000_000,
  feeReserveLamports: 5_000_000,
  buyLamports: 100_000_000,
  slippageBps: 1_500,
  protocolFeeBps: 95,
  creatorFeeBps: 30,
};

function bad(field: string, rule: string, value: unknown): SniperError {
  return new SniperError("config", `filters.${field}: ${rule}`, { field: `filters.${field}`, value });
}

function lamports(field: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw bad(field, "must be an integer number of lamports >= 0", value);
  return BigInt(value);
}

function cap(field: string, value: number): bigint | null {
  const v = lamports(field, value);
  return v === 0n ? null : v;
}

/** Compiles and validates filter settings (partial settings take the defaults). */
export function compileFilterConfig(partial: Partial<FilterSettings> = {}): FilterConfig {
  const s: FilterSettings = { ...filterDefaults, ...partial };
  if (!Number.isInteger(s.maxNameChars) || s.maxNameChars < 1 || s.maxNameChars > 256) {
    throw bad("maxNameChars", "must be an integer between 1 and 256", s.maxNameChars);
  }
  if (!Number.isInteger(s.slippageBps) || s.slippageBps < 0 || s.slippageBps > 9_999) {
    throw bad("slippageBps", "must be an integer between 0 and 9999", s.slippageBps);
  }
  for (const k of ["maxCreatorRugs", "maxLaunchesPerMinute", "maxOpenPositions", "protocolFeeBps", "creatorFeeBps"] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 0) throw bad(k, "must be an integer >= 0", s[k]);
  }
  const buyLamports = lamports("buyLamports", s.buyLamports);
  if (buyLamports === 0n) throw bad("buyLamports", "must be greater than 0", s.buyLamports);
  const devBuyMin = lamports("devBuyMinLamports", s.devBuyMinLamports);
  const devBuyMax = cap("devBuyMaxLamports", s.devBuyMaxLamports);
  if (devBuyMax !== null && devBuyMax < devBuyMin) throw bad("devBuyMaxLamports", "must be 0 (no bound) or >= devBuyMinLamports", s.devBuyMaxLamports);
  if (s.tokenPrograms.length === 0) throw bad("tokenPrograms", "must name at least one token program", s.tokenPrograms);
  const config: FilterConfig = {
    nameDeny: compilePatterns("filters.nameDeny", s.nameDeny),
    nameAllow: compilePatterns("filters.nameAllow", s.nameAllow),
    maxNameChars: s.maxNameChars,
    creatorDeny: new Set(s.creatorDeny),
    creatorAllow: new Set(s.creatorAllow),
    maxCreatorRugs: s.maxCreatorRugs,
    devBuyMin,
    devBuyMax,
    tokenPrograms: new Set(s.tokenPrograms),
    maxLaunchesPerMinute: s.maxLaunchesPerMinute,
    maxOpenPositions: s.maxOpenPositions,
    maxTokenExposure: cap("maxTokenExposureLamports", s.maxTokenExposureLamports),
    maxTotalExposure: cap("maxTotalExposureLamports", s.maxTotalExposureLamports),
    balanceFloor: lamports("balanceFloorLamports", s.balanceFloorLamports),
    feeReserve: lamports("feeReserveLamports", s.feeReserveLamports),
    buyLamports,
    keepBps: 10_000n - BigInt(s.slippageBps),
    fees: { protocolBps: BigInt(s.protocolFeeBps), creatorBps: BigInt(s.creatorFeeBps) },
  };
  return Object.freeze(config);
}
