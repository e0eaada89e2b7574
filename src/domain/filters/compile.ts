/** Turns the `[filters]` settings into the frozen FilterConfig the hot path reads; every error names its field. */
import { SniperError } from "../../errors.ts";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "../../chain/pump/constants.ts";
import type { FilterConfig, FilterSettings } from "./types.ts";
import { compilePatterns, patternErrors } from "./patterns.ts";

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

const LAMPORTS_RULE = "must be an integer number of lamports >= 0";
const isLamports = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
const capOf = (v: number): bigint | null => (v === 0 ? null : BigInt(v));

/** Every problem of filter settings, not only the first: one config SniperError per bad field or pattern, in the order compileFilterConfig checks them (empty when all hold). */
export function filterConfigErrors(partial: Partial<FilterSettings> = {}): SniperError[] {
  const s: FilterSettings = { ...filterDefaults, ...partial };
  const errors: SniperError[] = [];
  const check = (ok: boolean, field: string, rule: string, value: unknown): boolean => {
    if (!ok) errors.push(bad(field, rule, value));
    return ok;
  };
  check(Number.isInteger(s.maxNameChars) && s.maxNameChars >= 1 && s.maxNameChars <= 256, "maxNameChars", "must be an integer between 1 and 256", s.maxNameChars);
  check(Number.isInteger(s.slippageBps) && s.slippageBps >= 0 && s.slippageBps <= 9_999, "slippageBps", "must be an integer between 0 and 9999", s.slippageBps);
  for (const k of ["maxCreatorRugs", "maxLaunchesPerMinute", "maxOpenPositions", "protocolFeeBps", "creatorFeeBps"] as const) {
    check(Number.isInteger(s[k]) && s[k] >= 0, k, "must be an integer >= 0", s[k]);
  }
  if (check(isLamports(s.buyLamports), "buyLamports", LAMPORTS_RULE, s.buyLamports)) check(s.buyLamports > 0, "buyLamports", "must be greater than 0", s.buyLamports);
  const devBuyMinOk = check(isLamports(s.devBuyMinLamports), "devBuyMinLamports", LAMPORTS_RULE, s.devBuyMinLamports);
  const devBuyMaxOk = check(isLamports(s.devBuyMaxLamports), "devBuyMaxLamports", LAMPORTS_RULE, s.devBuyMaxLamports);
  if (devBuyMinOk && devBuyMaxOk) {
    check(s.devBuyMaxLamports === 0 || s.devBuyMaxLamports >= s.devBuyMinLamports, "devBuyMaxLamports", "must be 0 (no bound) or >= devBuyMinLamports", s.devBuyMaxLamports);
  }
  check(s.tokenPrograms.length > 0, "tokenPrograms", "must name at least one token program", s.tokenPrograms);
  errors.push(...patternErrors("filters.nameDeny", s.nameDeny), ...patternErrors("filters.nameAllow", s.nameAllow));
  for (const k of ["maxTokenExposureLamports", "maxTotalExposureLamports", "balanceFloorLamports", "feeReserveLamports"] as const) {
    check(isLamports(s[k]), k, LAMPORTS_RULE, s[k]);
  }
  return errors;
}

/** Compiles and validates filter settings (partial settings take the defaults); throws the first of filterConfigErrors. */
export function compileFilterConfig(partial: Partial<FilterSettings> = {}): FilterConfig {
  const s: FilterSettings = { ...filterDefaults, ...partial };
  const [error] = filterConfigErrors(s);
  if (error !== undefined) throw error;
  const config: FilterConfig = {
    nameDeny: compilePatterns("filters.nameDeny", s.nameDeny),
    nameAllow: compilePatterns("filters.nameAllow", s.nameAllow),
    maxNameChars: s.maxNameChars,
    creatorDeny: new Set(s.creatorDeny),
    creatorAllow: new Set(s.creatorAllow),
    maxCreatorRugs: s.maxCreatorRugs,
    devBuyMin: BigInt(s.devBuyMinLamports),
    devBuyMax: capOf(s.devBuyMaxLamports),
    tokenPrograms: new Set(s.tokenPrograms),
    maxLaunchesPerMinute: s.maxLaunchesPerMinute,
    maxOpenPositions: s.maxOpenPositions,
    maxTokenExposure: capOf(s.maxTokenExposureLamports),
    maxTotalExposure: capOf(s.maxTotalExposureLamports),
    balanceFloor: BigInt(s.balanceFloorLamports),
    feeReserve: BigInt(s.feeReserveLamports),
    buyLamports: BigInt(s.buyLamports),
    keepBps: 10_000n - BigInt(s.slippageBps),
    fees: { protocolBps: BigInt(s.protocolFeeBps), creatorBps: BigInt(s.creatorFeeBps) },
  };
  return Object.freeze(config);
}
