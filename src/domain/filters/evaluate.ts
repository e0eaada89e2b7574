/**
 * The launch filter: one pure function on the hot path between the launch frame and the buy send.
 * Checks run cheapest and most definitive first; the first failing check names the skip reason. The
 * only allocations are the decision itself (and a cut string for over-long names).
 */
import { MAINNET_CURVE_PARAMS } from "../curve.ts";
import { SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID } from "../../chain/pump/constants.ts";
import type { LaunchDetected } from "../../pipeline/events.ts";
import type { Decision, FilterConfig, FilterContext, SkipDecision, SkipReason } from "./types.ts";
import { firstMatch } from "./patterns.ts";

const BPS = 10_000n;
/** Old (2024) CreateEvents end before `creator`/`token_program`: the decoder fills the all-zero pubkey. */
const ZERO_PUBKEY = SYSTEM_PROGRAM_ID;

function skip(reason: SkipReason, detail: string): SkipDecision {
  return { action: "skip", reason, detail };
}

/** The creator of a launch: `creator`, or `user` on layouts that predate the field. */
export function launchCreator(launch: LaunchDetected): string {
  const c = launch.event.creator;
  return c === ZERO_PUBKEY || c === "" ? launch.event.user : c;
}

/** The token program of a launch; layouts without the field are SPL Token (`create`). */
export function launchTokenProgram(launch: LaunchDetected): string {
  const p = launch.event.tokenProgram;
  return p === ZERO_PUBKEY || p === "" ? TOKEN_PROGRAM_ID : p;
}

/**
 * buy_exact_sol_in's token amount for `lamports` (fees included) on the given reserves (curve.ts
 * buyTokensForSol, inlined to avoid building a reserves object per launch).
 */
function tokensFor(vSol: bigint, vTok: bigint, realTok: bigint, lamports: bigint, totalBps: bigint): bigint {
  if (lamports <= 1n) return 0n;
  const net = ((lamports - 1n) * BPS) / (BPS + totalBps);
  const tokens = (net * vTok) / (vSol + net);
  return tokens < realTok ? tokens : realTok;
}

/** Decides whether to buy a launch. Pure: reads `ctx`, records nothing (the caller records a buy). */
export function evaluateLaunch(launch: LaunchDetected, ctx: FilterContext, config: FilterConfig): Decision {
  const e = launch.event;
  if (ctx.paused) return skip("paused", "trading is paused");
  if (ctx.alreadyBought(e.mint)) return skip("already_bought", "mint bought before");
  const tokenProgram = launchTokenProgram(launch);
  if (!config.tokenPrograms.has(tokenProgram)) return skip("token_program_not_allowed", tokenProgram);

  const creator = launchCreator(launch);
  if (config.creatorDeny.has(creator)) return skip("creator_denied", creator);
  if (config.creatorAllow.size > 0 && !config.creatorAllow.has(creator)) return skip("creator_not_allowed", creator);
  const rugs = ctx.creatorHistory.priorRugs(creator);
  if (rugs > config.maxCreatorRugs) return skip("creator_rugged_before", `${rugs} earlier rugs`);

  if (config.nameDeny.length > 0) {
    let i = firstMatch(config.nameDeny, e.name, config.maxNameChars);
    if (i < 0) i = firstMatch(config.nameDeny, e.symbol, config.maxNameChars);
    if (i >= 0) return skip("name_denied", `nameDeny[${i}]`);
  }
  if (config.nameAllow.length > 0
    && firstMatch(config.nameAllow, e.name, config.maxNameChars) < 0
    && firstMatch(config.nameAllow, e.symbol, config.maxNameChars) < 0) {
    return skip("name_not_allowed", "no nameAllow pattern matched");
  }

  const dev = ctx.devBuy;
  const devLamports = dev === null ? 0n : dev.lamports;
  if (devLamports < config.devBuyMin) return skip("dev_buy_too_small", `${devLamports} lamports`);
  if (config.devBuyMax !== null && devLamports > config.devBuyMax) return skip("dev_buy_too_large", `${devLamports} lamports`);

  const spend = config.buyLamports;
  if (ctx.walletLamports - spend - config.feeReserve < config.balanceFloor) {
    return skip("balance_floor", `wallet ${ctx.walletLamports} lamports`);
  }
  if (config.maxOpenPositions > 0 && ctx.openPositions >= config.maxOpenPositions) {
    return skip("max_positions", `${ctx.openPositions} open`);
  }
  if (config.maxTokenExposure !== null && ctx.exposureFor(e.mint) + spend > config.maxTokenExposure) {
    return skip("exposure_token_cap", `cap ${config.maxTokenExposure} lamports`);
  }
  if (config.maxTotalExposure !== null && ctx.totalExposureLamports + spend > config.maxTotalExposure) {
    return skip("exposure_total_cap", `${ctx.totalExposureLamports} lamports exposed`);
  }
  if (ctx.launchRate.isFull(ctx.nowMono)) return skip("launch_rate_limit", `${config.maxLaunchesPerMinute} per minute`);

  // Our buy lands after the dev buy of the same transaction: quote on the reserves after it.
  let vSol: bigint, vTok: bigint, realTok: bigint;
  if (dev !== null) {
    vSol = dev.virtualSolReserves;
    vTok = dev.virtualTokenReserves;
    realTok = dev.realTokenReserves;
  } else if (e.virtualTokenReserves > 0n) {
    vSol = e.virtualSolReserves;
    vTok = e.virtualTokenReserves;
    realTok = e.realTokenReserves;
  } else {
    vSol = MAINNET_CURVE_PARAMS.initialVirtualSolReserves;
    vTok = MAINNET_CURVE_PARAMS.initialVirtualTokenReserves;
    realTok = MAINNET_CURVE_PARAMS.initialRealTokenReserves;
  }
  const expectedTokens = tokensFor(vSol, vTok, realTok, spend, config.fees.protocolBps + config.fees.creatorBps);
  const minTokensOut = (expectedTokens * config.keepBps) / BPS;
  return {
    action: "buy",
    lamports: spend,
    minTokensOut,
    expectedTokens,
    request: {
      mint: e.mint,
      bondingCurve: e.bondingCurve,
      creator,
      tokenProgram,
      lamports: spend,
      minTokensOut,
      launchReceivedAt: launch.receivedAt,
      launchSignature: launch.signature,
    },
  };
}
