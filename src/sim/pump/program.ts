import { decodePumpInstruction, PumpDecodeError, type DecodedPumpInstruction } from "../../chain/pump/index.ts";
import type { IxContext, IxOutcome, ProgramHandler } from "../exec/context.ts";
import { executeCreate } from "./create.ts";
import { executeTrade } from "./trade.ts";

/** The pump.fun program: create, create_v2, buy, buy_exact_sol_in, sell. */
export const pumpProgram: ProgramHandler = {
  builtin: false,
  execute(ctx: IxContext): IxOutcome {
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
