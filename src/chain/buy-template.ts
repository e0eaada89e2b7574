/**
 * Signed pump.fun buys from a precompiled byte layout: the executor's hot path. A buy's message is fixed
 * except for nine account keys, the blockhash and four numbers, so the layout is learned once per shape
 * by compiling the generic instructions (tx-builder.ts) with sentinel values and finding where each one
 * landed; a buy then copies the template and writes its values in place. The bytes are those of
 * `buildSignedBuyTransaction` by construction, and the builder falls back to it whenever the template's
 * assumptions do not hold (duplicate keys, remaining accounts, no ATA create, out-of-range values).
 */
import { createHash } from "node:crypto";
import { decodeBase58Key, encodeBase58, encodeBase58Key } from "./base58.ts";
import { compileMessage, tryKeyBytes, type MessageVersion, type SignedTransaction } from "./message.ts";
import { TOKEN_PROGRAM_ID } from "./pump/constants.ts";
import {
  deriveAssociatedTokenAddressFrom,
  deriveBondingCurve,
  deriveCreatorVault,
  deriveCreatorVaultFrom,
  deriveUserVolumeAccumulator,
  type KeyLike,
} from "./pump/pda.ts";
import { buildSignedBuyTransaction, buyInstructions, type BuyTxParams } from "./tx-builder.ts";

/** The variable account keys, in the order `Layout.keys` holds their offsets. */
const SLOTS = ["user", "mint", "feeRecipient", "bondingCurve", "associatedBondingCurve", "associatedUser", "creatorVault", "tokenProgram", "userVolumeAccumulator"] as const;

interface Layout {
  template: Uint8Array;
  /** Offsets of the SLOTS keys in the message. */
  keys: number[];
  /** Offsets of the other (fixed) account keys: a variable key equal to one of them changes the layout. */
  fixed: number[];
  blockhash: number;
  cuLimit: number;
  cuPrice: number;
  arg1: number;
  arg2: number;
  /** Offset of the track_volume byte, or -1 for the 24-byte form. */
  flag: number;
}

const CU_LIMIT = 0xa1b2c3d4;
const CU_PRICE = 0xf1e2d3c4b5a69788n;
const ARG1 = 0xe1d2c3b4a5968778n;
const ARG2 = 0xd1c2b3a495867768n;

function sentinel(name: string): string {
  return encodeBase58Key(createHash("sha256").update(`buy-template:${name}`).digest());
}

function find(hay: Uint8Array, needle: Uint8Array, from: number): number {
  let at = -1;
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    if (at >= 0) throw new Error("buy template: a sentinel occurs twice");
    at = i;
  }
  if (at < 0) throw new Error("buy template: a sentinel is missing");
  return at;
}

function le(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** Compiles the generic buy with sentinels and records where every variable value sits. */
function learn(version: MessageVersion, exactSolIn: boolean, nullFlag: boolean): Layout {
  const v = Object.fromEntries(["user", "mint", "feeRecipient", "bondingCurve", "associatedBondingCurve", "associatedUser", "tokenProgram", "creator", "blockhash"].map((n) => [n, sentinel(n)])) as Record<string, string>;
  const amounts = exactSolIn ? { spendableSolIn: ARG1, minTokensOut: ARG2 } : { amount: ARG1, maxSolCost: ARG2 };
  const p = {
    mint: v.mint!,
    creator: v.creator!,
    tokenProgram: v.tokenProgram!,
    feeRecipient: v.feeRecipient!,
    bondingCurve: v.bondingCurve!,
    associatedBondingCurve: v.associatedBondingCurve!,
    associatedUser: v.associatedUser!,
    recentBlockhash: v.blockhash!,
    computeUnitLimit: CU_LIMIT,
    microLamportsPerCu: CU_PRICE,
    trackVolume: nullFlag ? null : true,
    version,
    ...amounts,
  };
  const template = compileMessage(v.user!, buyInstructions(p, v.user!), v.blockhash!, version);
  const start = version === 0 ? 1 : 0;
  const count = template[start + 3]!;
  if (count >= 0x80) throw new Error("buy template: too many keys");
  const keysAt = start + 4;
  const bytesOf: Record<(typeof SLOTS)[number], Uint8Array> = {
    user: tryKeyBytes(v.user!)!,
    mint: tryKeyBytes(v.mint!)!,
    feeRecipient: tryKeyBytes(v.feeRecipient!)!,
    bondingCurve: tryKeyBytes(v.bondingCurve!)!,
    associatedBondingCurve: tryKeyBytes(v.associatedBondingCurve!)!,
    associatedUser: tryKeyBytes(v.associatedUser!)!,
    creatorVault: deriveCreatorVault(v.creator!).bytes,
    tokenProgram: tryKeyBytes(v.tokenProgram!)!,
    userVolumeAccumulator: deriveUserVolumeAccumulator(v.user!).bytes,
  };
  const keys = SLOTS.map((s) => find(template, bytesOf[s], 0));
  for (const k of keys) if (k < keysAt || k >= keysAt + 32 * count || (k - keysAt) % 32 !== 0) throw new Error("buy template: key outside the key table");
  const fixed: number[] = [];
  for (let i = 0; i < count; i++) if (!keys.includes(keysAt + 32 * i)) fixed.push(keysAt + 32 * i);
  const blockhash = keysAt + 32 * count;
  if (find(template, tryKeyBytes(v.blockhash!)!, 0) !== blockhash) throw new Error("buy template: blockhash misplaced");
  const ixAt = blockhash + 32;
  const arg2 = find(template, le(ARG2, 8), ixAt);
  return {
    template,
    keys,
    fixed,
    blockhash,
    cuLimit: find(template, le(BigInt(CU_LIMIT), 4), ixAt),
    cuPrice: find(template, le(CU_PRICE, 8), ixAt),
    arg1: find(template, le(ARG1, 8), ixAt),
    arg2,
    flag: nullFlag ? -1 : arg2 + 8,
  };
}

const layouts = new Map<string, Layout>();

/** How many buys took the template and how many fell back to the generic compiler (for tests and metrics). */
export const buyTemplateCounts = { fast: 0, fallback: 0 };

function generic(p: BuyTxParams): SignedTransaction {
  buyTemplateCounts.fallback++;
  return buildSignedBuyTransaction(p);
}

function layoutFor(version: MessageVersion, exactSolIn: boolean, nullFlag: boolean): Layout {
  const id = `${version}:${exactSolIn}:${nullFlag}`;
  let l = layouts.get(id);
  if (!l) layouts.set(id, (l = learn(version, exactSolIn, nullFlag)));
  return l;
}

/** Learns the layout of the executor's buy shape now rather than on the first buy. */
export function warmBuyTemplate(version: MessageVersion = "legacy"): void {
  layoutFor(version, true, false);
  layoutFor(version, false, false);
}

const s = (k: KeyLike): string => (typeof k === "string" ? k : k.toBase58());
const U64_LIMIT = 1n << 64n;

function same(a: Uint8Array, ai: number, b: Uint8Array, bi: number): boolean {
  for (let k = 0; k < 32; k++) if (a[ai + k] !== b[bi + k]) return false;
  return true;
}

/** True when the nine variable keys differ from each other and from the template's fixed keys. */
function distinct(keys: readonly Uint8Array[], l: Layout): boolean {
  for (let i = 0; i < keys.length; i++) {
    const a = keys[i]!;
    for (let j = i + 1; j < keys.length; j++) if (a[0] === keys[j]![0] && same(a, 0, keys[j]!, 0)) return false;
    for (const f of l.fixed) if (a[0] === l.template[f] && same(a, 0, l.template, f)) return false;
  }
  return true;
}

/** Same result as `buildSignedBuyTransaction`, from the precompiled layout when the inputs allow it. */
export function buildSignedBuyTransactionFast(p: BuyTxParams): SignedTransaction {
  if (p.createAta === false || (p.remainingAccounts && p.remainingAccounts.length > 0)) return generic(p);
  const exactSolIn = "spendableSolIn" in p;
  const arg1 = exactSolIn ? p.spendableSolIn : p.amount;
  const arg2 = exactSolIn ? p.minTokensOut : p.maxSolCost;
  const units = p.computeUnitLimit;
  const price = typeof p.microLamportsPerCu === "bigint" ? p.microLamportsPerCu : Number.isInteger(p.microLamportsPerCu) ? BigInt(p.microLamportsPerCu) : -1n;
  if (
    !Number.isInteger(units) || units < 0 || units > 0xffffffff ||
    price < 0n || price >= U64_LIMIT ||
    typeof arg1 !== "bigint" || arg1 < 0n || arg1 >= U64_LIMIT ||
    typeof arg2 !== "bigint" || arg2 < 0n || arg2 >= U64_LIMIT
  ) return generic(p); // which throws the generic error
  const user = p.signer.address;
  const mint = s(p.mint);
  const creator = s(p.creator);
  const tokenProgram = p.tokenProgram ? s(p.tokenProgram) : TOKEN_PROGRAM_ID;
  const bondingCurve = p.bondingCurve ? s(p.bondingCurve) : deriveBondingCurve(mint).address;
  // Keys new with each launch are decoded once here (not cached: a retry decodes again, ~0.4 us); the
  // fee recipient, token program and blockhash repeat, so they come from the key cache.
  const mintBytes = decodeBase58Key(mint);
  const bcBytes = decodeBase58Key(bondingCurve);
  const creatorBytes = decodeBase58Key(creator);
  const feeBytes = tryKeyBytes(s(p.feeRecipient));
  const tpBytes = tryKeyBytes(tokenProgram);
  const bhBytes = tryKeyBytes(p.recentBlockhash);
  if (!mintBytes || !bcBytes || !creatorBytes || !feeBytes || !tpBytes || !bhBytes) return generic(p);
  const abcBytes = p.associatedBondingCurve
    ? tryKeyBytes(s(p.associatedBondingCurve))
    : deriveAssociatedTokenAddressFrom(bondingCurve, bcBytes, mint, mintBytes, tokenProgram, tpBytes).bytes;
  const auBytes = p.associatedUser
    ? tryKeyBytes(s(p.associatedUser))
    : deriveAssociatedTokenAddressFrom(user, p.signer.publicKeyBytes, mint, mintBytes, tokenProgram, tpBytes).bytes;
  if (!abcBytes || !auBytes) return generic(p);
  const keys = [p.signer.publicKeyBytes, mintBytes, feeBytes, bcBytes, abcBytes, auBytes, deriveCreatorVaultFrom(creator, creatorBytes).bytes, tpBytes, deriveUserVolumeAccumulator(user).bytes];
  const nullFlag = p.trackVolume === null;
  const l = layoutFor(p.version ?? "legacy", exactSolIn, nullFlag);
  if (!distinct(keys, l)) return generic(p);
  buyTemplateCounts.fast++;

  const n = l.template.length;
  const wire = new Uint8Array(65 + n);
  wire[0] = 1;
  const message = wire.subarray(65);
  message.set(l.template);
  for (let i = 0; i < keys.length; i++) message.set(keys[i]!, l.keys[i]!);
  message.set(bhBytes, l.blockhash);
  const view = new DataView(wire.buffer, 65, n);
  view.setUint32(l.cuLimit, units, true);
  view.setBigUint64(l.cuPrice, price, true);
  view.setBigUint64(l.arg1, arg1, true);
  view.setBigUint64(l.arg2, arg2, true);
  if (l.flag >= 0) message[l.flag] = p.trackVolume ? 1 : 0;
  const sig = p.signer.sign(message);
  wire.set(sig, 1);
  return { wire, base64: wire.toBase64(), signature: encodeBase58(sig), message };
}
