/**
 * Program-derived addresses of pump.fun and associated token accounts. A derivation hashes the seeds
 * once per bump (Bun's one-shot sha256 into a reused buffer, ~0.2 us) and runs an ed25519 on-curve check
 * per bump (~2 bumps on average), so a fresh PDA costs a few us; results sit in a bounded map. The
 * base58 address is computed only when read: the transaction builders need just the bytes.
 */
import { PublicKey } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, PUMP_PROGRAM_ID, TOKEN_PROGRAM_ID } from "./constants.ts";
import { pubkeyBytes } from "./codec.ts";
import bs58 from "bs58";
import { decodeBase58, encodeBase58Key } from "../base58.ts";
import { tryKeyBytes } from "../message.ts";
import { isOnCurve } from "./curve25519.ts";
import { PumpEncodeError } from "./errors.ts";
import { BoundedMap } from "../../bounded-map.ts";

/** A pubkey as a base58 string or a web3.js PublicKey. */
export type KeyLike = PublicKey | string;

/** A derived address in the forms callers need (base58 and PublicKey are built on first use). */
export class Derived {
  #key: PublicKey | undefined;
  #address: string | undefined;
  /** `address` may be left undefined: it is then encoded from `bytes` when first read. */
  constructor(
    address: string | undefined,
    readonly bytes: Uint8Array,
    readonly bump: number,
  ) {
    this.#address = address;
  }
  /** The address in base58. */
  get address(): string {
    return (this.#address ??= encodeBase58Key(this.bytes));
  }
  get key(): PublicKey {
    return (this.#key ??= new PublicKey(this.bytes));
  }
}

const PDA_MARKER = new TextEncoder().encode("ProgramDerivedAddress");
const enc = new TextEncoder();
const SEED = {
  bondingCurve: enc.encode("bonding-curve"),
  bondingCurveV2: enc.encode("bonding-curve-v2"),
  creatorVault: enc.encode("creator-vault"),
  userVolumeAccumulator: enc.encode("user_volume_accumulator"),
};
const PUMP_BYTES = pubkeyBytes(PUMP_PROGRAM_ID);
const ATA_BYTES = pubkeyBytes(ASSOCIATED_TOKEN_PROGRAM_ID);

/** Seeds ‖ bump ‖ program id ‖ marker, rebuilt per derivation (grown when seeds are longer). */
let preimage = new Uint8Array(256);
const digest = new Uint8Array(32);

/** Same result as `PublicKey.findProgramAddressSync` (seeds joined once, one native sha256 per bump). */
export function findProgramAddress(seeds: readonly Uint8Array[], programId: Uint8Array): Derived {
  let n = 0;
  for (const s of seeds) n += s.length;
  const total = n + 1 + programId.length + PDA_MARKER.length;
  if (preimage.length < total) preimage = new Uint8Array(total);
  const buf = preimage;
  let pos = 0;
  for (const s of seeds) {
    buf.set(s, pos);
    pos += s.length;
  }
  const bumpAt = pos++;
  buf.set(programId, pos);
  buf.set(PDA_MARKER, pos + programId.length);
  const input = buf.subarray(0, total);
  for (let bump = 255; bump >= 0; bump--) {
    buf[bumpAt] = bump;
    Bun.SHA256.hash(input, digest);
    if (!isOnCurve(digest)) return new Derived(undefined, digest.slice(), bump);
  }
  throw new PumpEncodeError("no viable bump seed", {});
}

/** Bounded cache: derived addresses for recent mints/users (oldest entry evicted past the bound). */
const CACHE_LIMIT = 8192;
let cache = new BoundedMap<string, Derived>(CACHE_LIMIT);

/** False inside {@link withoutPdaCaching}: derivations are returned, not kept. */
let caching = true;

function cached(cacheKey: string, derive: () => Derived): Derived {
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const d = derive();
  if (caching) cache.set(cacheKey, d);
  return d;
}

function str(k: KeyLike): string {
  return typeof k === "string" ? k : k.toBase58();
}

function bytesOf(k: KeyLike): Uint8Array {
  return typeof k === "string" ? (tryKeyBytes(k) ?? pubkeyBytes(k)) : k.toBytes();
}

/**
 * Runs `f` with derivations left out of the cache: the warm-up's rehearsal derives fresh addresses every
 * pass (a launch's real work: the lookup that misses, the derivation) and keeps none, so no real entry is
 * evicted. It used to keep them in a small cache of its own; inserting 1,500 a second into any Map made
 * each young collection of the bot longer (marked per collection, median 343 / 347 -> 218 / 206 KB,
 * pause p50 2.12 / 2.08 -> 2.00 / 1.88 ms: two alternated pairs, BUN_JSC_logGC=2, bun run bench:hot
 * --launches 600).
 */
export function withoutPdaCaching<T>(f: () => T): T {
  const was = caching;
  caching = false;
  try {
    return f();
  } finally {
    caching = was;
  }
}

/** Empties the derivation cache (tests, benchmarks). */
export function clearPdaCache(): void {
  cache = new BoundedMap<string, Derived>(CACHE_LIMIT);
}

/** `["bonding-curve", mint]` under the pump program. */
export function deriveBondingCurve(mint: KeyLike): Derived {
  const m = str(mint);
  return cached(`bc:${m}`, () => findProgramAddress([SEED.bondingCurve, bytesOf(mint)], PUMP_BYTES));
}

/** `["bonding-curve-v2", mint]` under the pump program. */
export function deriveBondingCurveV2(mint: KeyLike): Derived {
  const m = str(mint);
  return cached(`bc2:${m}`, () => findProgramAddress([SEED.bondingCurveV2, bytesOf(mint)], PUMP_BYTES));
}

/** `["creator-vault", creator]` under the pump program. */
export function deriveCreatorVault(creator: KeyLike): Derived {
  const c = str(creator);
  return cached(`cv:${c}`, () => findProgramAddress([SEED.creatorVault, bytesOf(creator)], PUMP_BYTES));
}

/** `["user_volume_accumulator", user]` under the pump program. */
export function deriveUserVolumeAccumulator(user: KeyLike): Derived {
  const u = str(user);
  return cached(`uva:${u}`, () => findProgramAddress([SEED.userVolumeAccumulator, bytesOf(user)], PUMP_BYTES));
}

/** The associated token account `[owner, tokenProgram, mint]` under the ATA program. */
export function deriveAssociatedTokenAddress(owner: KeyLike, mint: KeyLike, tokenProgram: KeyLike = TOKEN_PROGRAM_ID): Derived {
  const o = str(owner);
  const m = str(mint);
  const t = str(tokenProgram);
  return cached(`ata:${o}:${m}:${t}`, () => findProgramAddress([bytesOf(owner), bytesOf(tokenProgram), bytesOf(mint)], ATA_BYTES));
}

/**
 * `deriveAssociatedTokenAddress` with the keys' bytes already at hand (they must be the decoded strings):
 * same cache, no base58 decoding. For the buy template, which decodes a new mint once for all its uses.
 */
export function deriveAssociatedTokenAddressFrom(
  owner: string,
  ownerBytes: Uint8Array,
  mint: string,
  mintBytes: Uint8Array,
  tokenProgram: string,
  tokenProgramBytes: Uint8Array,
): Derived {
  return cached(`ata:${owner}:${mint}:${tokenProgram}`, () => findProgramAddress([ownerBytes, tokenProgramBytes, mintBytes], ATA_BYTES));
}

/** `deriveCreatorVault` with the creator's bytes already at hand (same cache). */
export function deriveCreatorVaultFrom(creator: string, creatorBytes: Uint8Array): Derived {
  return cached(`cv:${creator}`, () => findProgramAddress([SEED.creatorVault, creatorBytes], PUMP_BYTES));
}

/** The bonding curve PDA of a mint. */
export function bondingCurvePda(mint: KeyLike): PublicKey {
  return deriveBondingCurve(mint).key;
}

/** The bonding-curve-v2 PDA of a mint (a remaining account of newer buys). */
export function bondingCurveV2Pda(mint: KeyLike): PublicKey {
  return deriveBondingCurveV2(mint).key;
}

/** The creator vault PDA that collects a creator's fees. */
export function creatorVaultPda(creator: KeyLike): PublicKey {
  return deriveCreatorVault(creator).key;
}

/** The user volume accumulator PDA of a trader. */
export function userVolumeAccumulatorPda(user: KeyLike): PublicKey {
  return deriveUserVolumeAccumulator(user).key;
}

/** The associated token account of (owner, mint) under SPL Token or Token-2022. */
export function associatedTokenAddress(owner: KeyLike, mint: KeyLike, tokenProgram: KeyLike = TOKEN_PROGRAM_ID): PublicKey {
  return deriveAssociatedTokenAddress(owner, mint, tokenProgram).key;
}

/** Derives a PDA of any program from UTF-8 / raw seeds (uncached; for fixed accounts and tests). */
export function derivePda(seeds: readonly (string | Uint8Array)[], programId: KeyLike): Derived {
  return findProgramAddress(
    seeds.map((s) => (typeof s === "string" ? enc.encode(s) : s)),
    typeof programId === "string" ? (decodeBase58(programId) ?? bs58.decode(programId)) : programId.toBytes(),
  );
}
