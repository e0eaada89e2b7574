/**
 * A Bloom filter of texts in one typed array whose size never changes: it answers "certainly never
 * added" or "maybe added". For sets that must remember every text ever added (the mints ever bought,
 * the creators who ever rugged us) while the exact copy lives in the database: memory stays flat however
 * long the bot runs, and only a "maybe" costs a database lookup. False positives grow with the count
 * (`falsePositiveRate`): the default 2^24 bits (2 MiB) and 7 probes give 1 % at ~1.75 million texts.
 */

/** What a set kept as a Bloom filter over the database reports (metrics: `sniper_bloom_*{set}`). */
export interface BloomStats {
  /** Texts added to the filter (with repeats). */
  entries: number;
  /** The filter's expected false-positive rate at that count. */
  falsePositiveRate: number;
  /** Lookups the filter answered "maybe" and the database "no": what the false positives cost. */
  falseMaybes: number;
}

/** FNV-1a and a second multiplicative hash of `s`, finalised (murmur3's fmix32), for double hashing. */
function hashPair(s: string, out: Int32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out[0] = fmix32(a);
  out[1] = fmix32(b) | 1; // odd: the probes of one text never repeat a bit before wrapping
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A fixed-size Bloom filter of strings (see the file comment). */
export class TextBloom {
  private readonly words: Uint32Array;
  private readonly mask: number;
  private readonly pair = new Int32Array(2);
  /** Texts added (with repeats): what the false-positive rate is estimated from. */
  added = 0;

  constructor(
    readonly bitsLog2 = 24,
    readonly probes = 7,
  ) {
    if (!(Number.isInteger(bitsLog2) && bitsLog2 >= 5 && bitsLog2 <= 31)) throw new RangeError("bloom bitsLog2 must be an integer in 5..31");
    if (!(Number.isInteger(probes) && probes >= 1 && probes <= 16)) throw new RangeError("bloom probes must be an integer in 1..16");
    this.words = new Uint32Array(2 ** (bitsLog2 - 5));
    this.mask = 2 ** bitsLog2 - 1;
  }

  /** Bytes the filter holds (fixed). */
  get bytes(): number {
    return this.words.byteLength;
  }

  /** Records `s` (for good: a Bloom filter cannot forget). */
  add(s: string): void {
    this.probe(s, true);
    this.added++;
  }

  /** False only when `s` was certainly never added. */
  mightHave(s: string): boolean {
    return this.probe(s, false);
  }

  /** Visits `s`'s bits: sets them (`set`), or answers whether all are set (false at the first clear one). */
  private probe(s: string, set: boolean): boolean {
    hashPair(s, this.pair);
    const a = this.pair[0]!;
    const b = this.pair[1]!;
    for (let i = 0; i < this.probes; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      const w = bit >>> 5;
      const m = 1 << (bit & 31);
      if (set) this.words[w] = this.words[w]! | m;
      else if ((this.words[w]! & m) === 0) return false;
    }
    return true;
  }

  /** The filter's count and expected false-positive rate, with the false maybes its owner counted. */
  stats(falseMaybes: number): BloomStats {
    return { entries: this.added, falsePositiveRate: this.falsePositiveRate(), falseMaybes };
  }

  /** The expected share of never-added texts that `mightHave` calls maybe, at the count added so far. */
  falsePositiveRate(): number {
    return (1 - Math.exp((-this.probes * this.added) / (this.mask + 1))) ** this.probes;
  }
}
