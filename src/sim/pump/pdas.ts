/**
 * The pump PDAs a trade checks, cached by the key string itself (the shared derivation cache builds a
 * concatenated key per lookup; these are looked up several times per simulated trade).
 */
import { deriveBondingCurve, deriveCreatorVault } from "../../chain/pump/index.ts";

const LIMIT = 100_000;
const curves = new Map<string, string>();
const vaults = new Map<string, string>();

function cachedIn(m: Map<string, string>, key: string, derive: (k: string) => string): string {
  let v = m.get(key);
  if (v === undefined) {
    v = derive(key);
    if (m.size >= LIMIT) m.clear();
    m.set(key, v);
  }
  return v;
}

/** `["bonding-curve", mint]` under the pump program. */
export function bondingCurveOf(mint: string): string {
  return cachedIn(curves, mint, (m) => deriveBondingCurve(m).address);
}

/** `["creator-vault", creator]` under the pump program. */
export function creatorVaultOf(creator: string): string {
  return cachedIn(vaults, creator, (c) => deriveCreatorVault(c).address);
}
