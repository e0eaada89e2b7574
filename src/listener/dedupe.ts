/**
 * Bounded de-duplication by signature: a ring of the last N signatures with an open-addressing index,
 * all of it in typed arrays (text-ring.ts, short-text-table.ts). Policy when full: the oldest signature
 * is forgotten (drop-oldest). N must exceed what one burst of duplicates can span (the other endpoints'
 * lag plus one backfill window); the default 20 000 covers minutes of pump.fun traffic.
 * Typed arrays because the ring is written at every frame: a JS Set of strings would be rescanned whole
 * at every young collection (short-text-table.ts gives the measurement).
 *
 * Exactness: a signature is kept as its text (base58, at most 88 characters), so two signatures are
 * equal only when their texts are. Text that is not a signature (longer than 88 characters, or with
 * characters above U+00FF) keeps only its first 88 low bytes, its length and a 32-bit hash; two such
 * texts that agree on all three count as one.
 */
import { TextRing } from "../text-ring.ts";

/** Base58 of a 64-byte signature: at most 88 characters. */
const WIDTH = 88;

/** Drop-oldest set of the last `capacity` signatures seen (its whole table allocated up front). */
export class SignatureRing extends TextRing {
  constructor(capacity: number) {
    super(capacity, WIDTH);
  }
}
