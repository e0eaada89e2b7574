import { PUMP_PROGRAM_ID } from "../chain.ts";
import type { SimChain } from "../cluster/sim-chain.ts";
import { writeGenesis } from "./genesis.ts";
import { pumpProgram } from "./program.ts";

export { pumpProgram } from "./program.ts";
export { FEE_RECIPIENT, FEE_RECIPIENTS, PUMP_FEES, SIM_GLOBAL } from "./genesis.ts";
export { PUMP_ERRORS } from "./errors.ts";

/** Installs the pump.fun program and its fixed accounts into a chain. */
export function installPump(chain: SimChain): void {
  writeGenesis(chain.ledger.accounts);
  chain.register(PUMP_PROGRAM_ID, pumpProgram);
}
