/**
 * decodePumpInstruction: pump.fun instruction data (and optionally its account list) -> name, typed args
 * and named accounts. The simulator uses it to execute what the bot sends; handles the 24-byte legacy buy.
 */
import { DISC_KEY, discKey } from "./constants.ts";
import { Reader } from "./codec.ts";
import { PumpDecodeError } from "./errors.ts";
import type { CreateArgs, CreateV2Args } from "./instructions.ts";

/** Named accounts of buy / buy_exact_sol_in. */
export const BUY_ACCOUNT_NAMES = [
  "global", "feeRecipient", "mint", "bondingCurve", "associatedBondingCurve", "associatedUser", "user",
  "systemProgram", "tokenProgram", "creatorVault", "eventAuthority", "program", "globalVolumeAccumulator",
  "userVolumeAccumulator", "feeConfig", "feeProgram",
] as const;
/** Named accounts of sell. */
export const SELL_ACCOUNT_NAMES = [
  "global", "feeRecipient", "mint", "bondingCurve", "associatedBondingCurve", "associatedUser", "user",
  "systemProgram", "creatorVault", "tokenProgram", "eventAuthority", "program", "feeConfig", "feeProgram",
] as const;
/** Named accounts of create. */
export const CREATE_ACCOUNT_NAMES = [
  "mint", "mintAuthority", "bondingCurve", "associatedBondingCurve", "global", "mplTokenMetadata", "metadata",
  "user", "systemProgram", "tokenProgram", "associatedTokenProgram", "rent", "eventAuthority", "program",
] as const;

/** Accounts by name (plus any remaining ones) when the caller passed the instruction's account list. */
export type NamedAccounts<N extends readonly string[]> = { [K in N[number]]: string } & { remaining: string[] };

/** A decoded pump.fun instruction. */
export type DecodedPumpInstruction =
  | { name: "buy"; args: { amount: bigint; maxSolCost: bigint; trackVolume: boolean | null }; accounts?: NamedAccounts<typeof BUY_ACCOUNT_NAMES> }
  | { name: "buy_exact_sol_in"; args: { spendableSolIn: bigint; minTokensOut: bigint; trackVolume: boolean | null }; accounts?: NamedAccounts<typeof BUY_ACCOUNT_NAMES> }
  | { name: "sell"; args: { amount: bigint; minSolOutput: bigint }; accounts?: NamedAccounts<typeof SELL_ACCOUNT_NAMES> }
  | { name: "create"; args: CreateArgs; accounts?: NamedAccounts<typeof CREATE_ACCOUNT_NAMES> }
  | { name: "create_v2"; args: CreateV2Args; accounts?: { remaining: string[] } };

function named<N extends readonly string[]>(names: N, accounts: readonly string[] | undefined, ix: string): NamedAccounts<N> | undefined {
  if (!accounts) return undefined;
  if (accounts.length < names.length) {
    throw new PumpDecodeError("truncated", `${ix} needs ${names.length} accounts`, { ix, accounts: accounts.length });
  }
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => (out[n] = accounts[i]));
  out.remaining = accounts.slice(names.length);
  return out as NamedAccounts<N>;
}

function need(r: Reader, n: number, ix: string): void {
  if (r.left < n) throw new PumpDecodeError("truncated", `${ix} data too short`, { ix, bytes: r.bytes.length });
}

function readCreateArgs(r: Reader, ix: string): CreateArgs {
  const str = (): string => {
    if (r.stringSize() < 0) throw new PumpDecodeError("truncated", `${ix} data too short`, { ix, bytes: r.bytes.length });
    return r.string();
  };
  const name = str();
  const symbol = str();
  const uri = str();
  need(r, 32, ix);
  return { name, symbol, uri, creator: r.pubkey() };
}

/** Decodes pump.fun instruction data (and names the accounts when given); throws PumpDecodeError. */
export function decodePumpInstruction(data: Uint8Array, accounts?: readonly string[]): DecodedPumpInstruction {
  if (data.length < 8) throw new PumpDecodeError("truncated", "instruction shorter than its discriminator", { bytes: data.length });
  const r = new Reader(data, 8);
  switch (discKey(data)) {
    case DISC_KEY.buy:
    case DISC_KEY.buyExactSolIn: {
      const isBuy = discKey(data) === DISC_KEY.buy;
      const ix = isBuy ? "buy" : "buy_exact_sol_in";
      need(r, 16, ix);
      const a = r.u64();
      const b = r.u64();
      const trackVolume = r.left > 0 ? r.bool() : null;
      const acc = named(BUY_ACCOUNT_NAMES, accounts, ix);
      return isBuy
        ? { name: "buy", args: { amount: a, maxSolCost: b, trackVolume }, accounts: acc }
        : { name: "buy_exact_sol_in", args: { spendableSolIn: a, minTokensOut: b, trackVolume }, accounts: acc };
    }
    case DISC_KEY.sell: {
      need(r, 16, "sell");
      const amount = r.u64();
      const minSolOutput = r.u64();
      return { name: "sell", args: { amount, minSolOutput }, accounts: named(SELL_ACCOUNT_NAMES, accounts, "sell") };
    }
    case DISC_KEY.create:
      return { name: "create", args: readCreateArgs(r, "create"), accounts: named(CREATE_ACCOUNT_NAMES, accounts, "create") };
    case DISC_KEY.createV2: {
      const base = readCreateArgs(r, "create_v2");
      const isMayhemMode = r.left >= 1 ? r.bool() : false;
      const isCashbackEnabled = r.left >= 1 ? r.bool() : false;
      const creatorFeeBps = r.left >= 8 ? r.u64() : 0n;
      const isHolderReward = r.left >= 1 ? r.bool() : false;
      return {
        name: "create_v2",
        args: { ...base, isMayhemMode, isCashbackEnabled, creatorFeeBps, isHolderReward },
        accounts: accounts ? { remaining: [...accounts] } : undefined,
      };
    }
    default:
      throw new PumpDecodeError("discriminator", "unknown pump instruction", {
        discriminator: Buffer.from(data.subarray(0, 8)).toString("hex"),
      });
  }
}
