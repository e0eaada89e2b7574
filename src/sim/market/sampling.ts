import { seededRng, type Rng } from "../../rng.ts";

/** Derives an independent stream seed from a parent seed and a label, so adding one stream never shifts another. */
export function deriveSeed(seed: number, label: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((label + 1) >>> 0, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) >>> 0;
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/** A child RNG drawn from `rng`: its sequence depends only on the parent's state at the draw. */
export function childRng(rng: Rng): Rng {
  return seededRng(Math.floor(rng.next() * 4294967296));
}

/** An exponential variate with the given rate (events per unit); the waiting time of a Poisson process. */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.next()) / rate;
}

/** A float uniform in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/** True with probability `p`. */
export function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** Picks a key of `weights` with probability proportional to its weight (weights are non-negative, sum > 0). */
export function weightedPick<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>, keys: readonly K[]): K {
  let total = 0;
  for (const k of keys) total += weights[k];
  let x = rng.next() * total;
  for (const k of keys) {
    x -= weights[k];
    if (x < 0) return k;
  }
  // Floating-point leftovers land on the last key with a positive weight.
  for (let i = keys.length - 1; i >= 0; i--) if (weights[keys[i]!] > 0) return keys[i]!;
  return keys[0]!;
}

/** Lamports drawn log-uniformly in [min, max] (small buys are common, whales rare), as a bigint. */
export function logUniformLamports(rng: Rng, min: bigint, max: bigint): bigint {
  if (max <= min) return min;
  const lo = Math.log(Number(min)), hi = Math.log(Number(max));
  const v = BigInt(Math.floor(Math.exp(lo + (hi - lo) * rng.next())));
  return v < min ? min : v > max ? max : v;
}
