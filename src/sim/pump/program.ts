import { decodePumpInstruction, PumpDecodeError, type DecodedPumpInstruction } from "../../chain/pump/index.ts";
import type { IxContext, IxOutcome, ProgramHandler } from "../exec/context.ts";
import { executeCreate } from "./create.ts";
import { executeTrade, type TradeIx } from "./trade.ts";
import { DISC } from "../../chain/pump/constants.ts";
import { readU64 } from "../fast.ts";

function discIs(data: Uint8Array, disc: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (data[i] !== disc[i]) return false;
  return true;
}

/**
 * The trade instructions in their usual exact sizes (24 / 25 bytes), read in place; anything else goes
 * through the shared decoder. Same results as decodePumpInstruction for these inputs.
 */
function quickTradeIx(d: Uint8Array): TradeIx | undefined {
  if (d.length !== 24 && d.length !== 25) return undefined;
  if (discIs(d, DISC.buyExactSolIn)) {
    return { name: "buy_exact_sol_in", spendableSolIn: readU64(d, 8), minTokensOut: readU64(d, 16), trackVolume: d.length === 25 && d[24] !== 0 };
  }
  if (discIs(d, DISC.buy)) return { name: "buy", amount: readU64(d, 8), maxSolCost: readU64(d, 16), trackVolume: d.length === 25 && d[24] !== 0 };
  if (discIs(d, DISC.sell)) return { name: "sell", amount: readU64(d, 8), minSolOutput: readU64(d, 16) };
  return undefined;
}

/** The pump.fun program: create, create_v2, buy, buy_exact_sol_in, sell. */
export const pumpProgram: ProgramHandler = {
  builtin: false,
  execute(ctx: IxContext): IxOutcome {
    const quick = quickTradeIx(ctx.data);
    if (quick) return executeTrade(ctx, quick);
    let ix: DecodedPumpInstruction;
    try {
      ix = decodePumpInstruction(ctx.data);
    } catch (e) {
      if (!(e instanceof PumpDecodeError)) throw e;
      // Anchor: 100 InstructionFallbackNotFound / 102 InstructionDidNotDeserialize.
      const code = e.reason === "discriminator" ? 101 : 102;
      ctx.logs.push(`Program log: AnchorError occurred. Error Code: ${code === 101 ? "InstructionFallbackNotFound" : "InstructionDidNotDeserialize"}. Error Number: ${code}.`);
      return { ok: false, error: { Custom: code }, units: 3_000 };
    }
    switch (ix.name) {
      case "buy":
        return executeTrade(ctx, { name: "buy", amount: ix.args.amount, maxSolCost: ix.args.maxSolCost, trackVolume: ix.args.trackVolume ?? false });
      case "buy_exact_sol_in":
        return executeTrade(ctx, {
          name: "buy_exact_sol_in",
          spendableSolIn: ix.args.spendableSolIn,
          minTokensOut: ix.args.minTokensOut,
          trackVolume: ix.args.trackVolume ?? false,
        });
      case "sell":
        return executeTrade(ctx, { name: "sell", amount: ix.args.amount, minSolOutput: ix.args.minSolOutput });
      case "create":
        return executeCreate(ctx, ix.args, false);
      case "create_v2":
        return executeCreate(ctx, ix.args, true);
    }
  },
};
