import { bondingCurveOf, creatorVaultOf } from "./pdas.ts";
import { PUMP_EVENT_AUTHORITY, PUMP_GLOBAL } from "../chain.ts";
import type { IxContext } from "../exec/context.ts";
import { pubkeyEquals } from "../fast.ts";
import { readCurve, type CurveFields } from "./event-bytes.ts";
import { ataAddress, tokenAmountOf } from "../ledger/tokens.ts";
import { anchorAccountError, PUMP_ERRORS, type PumpError } from "./errors.ts";
import { isFeeRecipient } from "./genesis.ts";

/** The validated accounts of a buy / sell. */
export interface TradeAccounts {
  feeRecipient: string;
  mint: string;
  bondingCurve: string;
  associatedBondingCurve: string;
  associatedUser: string;
  user: string;
  tokenProgram: string;
  creatorVault: string;
  curve: CurveFields;
}

/**
 * Checks a buy (16 accounts, token program @8, creator vault @9) or sell (14 accounts, creator vault @8,
 * token program @9) account list the way the program's Anchor constraints do.
 */
export function checkTradeAccounts(ctx: IxContext, side: "buy" | "sell"): TradeAccounts | PumpError {
  const a = ctx.accounts;
  const need = side === "buy" ? 16 : 14;
  if (a.length < need) return anchorAccountError("AccountNotEnoughKeys", "program");
  const [global, feeRecipient, mint, bondingCurve, associatedBondingCurve, associatedUser, user] = a as [string, string, string, string, string, string, string];
  const tokenProgram = (side === "buy" ? a[8] : a[9])!;
  const creatorVault = (side === "buy" ? a[9] : a[8])!;
  const eventAuthority = a[10]!;
  if (global !== PUMP_GLOBAL) return anchorAccountError("ConstraintSeeds", "global");
  if (!isFeeRecipient(feeRecipient)) return PUMP_ERRORS.NotAuthorized;
  if (bondingCurve !== bondingCurveOf(mint)) return anchorAccountError("ConstraintSeeds", "bonding_curve");
  const curveAcc = ctx.state.get(bondingCurve);
  if (!curveAcc || curveAcc.data.length < 49) return anchorAccountError("AccountNotInitialized", "bonding_curve");
  const mintAcc = ctx.state.get(mint);
  if (!mintAcc) return anchorAccountError("AccountNotInitialized", "mint");
  if (tokenProgram !== mintAcc.owner) return anchorAccountError("InvalidProgramId", "token_program");
  if (associatedBondingCurve !== ataAddress(bondingCurve, mint, tokenProgram)) return anchorAccountError("ConstraintSeeds", "associated_bonding_curve");
  const userAcc = ctx.state.get(associatedUser);
  if (tokenAmountOf(userAcc) === undefined) return anchorAccountError("AccountNotInitialized", "associated_user");
  if (!keyAt(userAcc!.data, 0, mint)) return anchorAccountError("ConstraintTokenMint", "associated_user");
  if (!keyAt(userAcc!.data, 32, user)) return anchorAccountError("ConstraintTokenOwner", "associated_user");
  if (!ctx.isSigner(user)) return anchorAccountError("AccountNotSigner", "user");
  const curve = readCurve(curveAcc.data);
  if (creatorVault !== creatorVaultOf(curve.creator)) return anchorAccountError("ConstraintSeeds", "creator_vault");
  if (eventAuthority !== PUMP_EVENT_AUTHORITY) return anchorAccountError("ConstraintSeeds", "event_authority");
  return {
    feeRecipient,
    mint,
    bondingCurve,
    associatedBondingCurve,
    associatedUser,
    user,
    tokenProgram,
    creatorVault,
    curve,
  };
}

/** True when the 32 bytes at `offset` are the key `key` (no base58 encoding). */
function keyAt(data: Uint8Array, offset: number, key: string): boolean {
  return pubkeyEquals(data, offset, key);
}

/** True when a check returned an error. */
export function isPumpError(v: TradeAccounts | PumpError): v is PumpError {
  return "code" in v;
}
