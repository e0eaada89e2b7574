import type { InstructionErr } from "../exec/context.ts";

/** A pump.fun program error (IDL codes) or an Anchor framework error. */
export interface PumpError {
  code: number;
  name: string;
  message: string;
  /** For Anchor account-constraint errors: the account's IDL name. */
  account?: string;
}

/** pump.fun IDL errors the simulator raises. */
export const PUMP_ERRORS = {
  NotAuthorized: { code: 6000, name: "NotAuthorized", message: "The given account is not authorized to execute this instruction." },
  TooMuchSolRequired: { code: 6002, name: "TooMuchSolRequired", message: "slippage: Too much SOL required to buy the given amount of tokens." },
  TooLittleSolReceived: { code: 6003, name: "TooLittleSolReceived", message: "slippage: Too little SOL received to sell the given amount of tokens." },
  BondingCurveComplete: { code: 6005, name: "BondingCurveComplete", message: "The bonding curve has completed and liquidity migrated to raydium." },
  BuyZeroAmount: { code: 6020, name: "BuyZeroAmount", message: "Buy zero amount" },
  NotEnoughTokensToBuy: { code: 6021, name: "NotEnoughTokensToBuy", message: "Not enough tokens to buy" },
  SellZeroAmount: { code: 6022, name: "SellZeroAmount", message: "Sell zero amount" },
  NotEnoughTokensToSell: { code: 6023, name: "NotEnoughTokensToSell", message: "Not enough tokens to sell" },
  /** buy_exact_sol_in below min_tokens_out. The exact IDL code was not verified; 6042 is the simulator's choice. */
  BuySlippageBelowMinTokensOut: { code: 6042, name: "BuySlippageBelowMinTokensOut", message: "Slippage: would buy fewer tokens than the min_tokens_out" },
} as const satisfies Record<string, PumpError>;

/** Anchor framework errors (account constraints). */
export function anchorAccountError(kind: "ConstraintSeeds" | "AccountNotInitialized" | "ConstraintTokenMint" | "ConstraintTokenOwner" | "AccountNotSigner" | "InvalidProgramId" | "AccountNotEnoughKeys" | "ConstraintAddress", account: string): PumpError {
  const table = {
    ConstraintSeeds: [2006, "A seeds constraint was violated"],
    ConstraintAddress: [2012, "An address constraint was violated"],
    ConstraintTokenMint: [2014, "A token mint constraint was violated"],
    ConstraintTokenOwner: [2015, "A token owner constraint was violated"],
    AccountNotEnoughKeys: [3005, "Not enough account keys given to the instruction"],
    InvalidProgramId: [3008, "Program ID was not as expected"],
    AccountNotSigner: [3010, "The given account did not sign"],
    AccountNotInitialized: [3012, "The program expected this account to be already initialized"],
  } as const;
  const [code, message] = table[kind];
  return { code, name: kind, message, account };
}

/** The Anchor log line for an error (what a real failed pump transaction logs). */
export function anchorErrorLog(e: PumpError): string {
  if (e.account) return `Program log: AnchorError caused by account: ${e.account}. Error Code: ${e.name}. Error Number: ${e.code}. Error Message: ${e.message}.`;
  return `Program log: AnchorError thrown in programs/pump/src/lib.rs:${e.code - 5000}. Error Code: ${e.name}. Error Number: ${e.code}. Error Message: ${e.message}.`;
}

/** The runtime error of a pump error. */
export function toInstructionErr(e: PumpError): InstructionErr {
  return { Custom: e.code };
}
