import { encodeBase58, encodeBase58Key } from "../../chain/base58.ts";
import { pubkeyAt } from "../fast.ts";

/** A wire transaction split into what the runtime needs (static keys only). */
export interface ParsedTx {
  signature: string;
  signatures: string[];
  signatureBytes: Uint8Array[];
  /** The exact signed bytes. */
  messageBytes: Uint8Array;
  header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
  accountKeys: string[];
  recentBlockhash: string;
  instructions: { programIdIndex: number; accounts: number[]; data: Uint8Array }[];
  version: "legacy" | 0;
  /** Position of each account key (filled by the simulator's own compiler; the runtime builds it otherwise). */
  keyIndex?: ReadonlyMap<string, number>;
}

/** Why a wire transaction cannot be parsed. */
export class TxParseError extends Error {}

/*
 * Same rules as src/chain/tx-parser.ts parseTransaction (tests/sim/parse.test.ts checks they agree), but
 * on the sendTransaction hot path: account keys go through the simulator's key cache (the same
 * programs, fee recipients and curves recur in every transaction; the shared parser encodes every key),
 * and signatures through the fast base58 encoder. The shared parser also differs in its error type and
 * accepts a transaction without signatures, which a node refuses.
 */
function keyString(b: Uint8Array, at: number): string {
  return pubkeyAt(b, at);
}

class Cursor {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  need(n: number): void {
    if (this.pos + n > this.b.length) throw new TxParseError("failed to deserialize transaction: bytes end early");
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  shortvec(): number {
    let v = 0;
    for (let shift = 0; shift < 21; shift += 7) {
      const byte = this.u8();
      v |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return v;
    }
    throw new TxParseError("failed to deserialize transaction: bad length prefix");
  }
  take(n: number): Uint8Array {
    this.need(n);
    return this.b.subarray(this.pos, (this.pos += n));
  }
}

/** Parses a serialized (legacy or v0, no lookup tables) transaction; throws TxParseError. */
export function parseWireTransaction(wire: Uint8Array): ParsedTx {
  const c = new Cursor(wire);
  const nSig = c.shortvec();
  if (nSig === 0) throw new TxParseError("transaction has no signatures");
  const signatureBytes: Uint8Array[] = [];
  for (let i = 0; i < nSig; i++) signatureBytes.push(c.take(64));
  const messageStart = c.pos;
  let version: "legacy" | 0 = "legacy";
  let numRequiredSignatures = c.u8();
  if (numRequiredSignatures & 0x80) {
    if ((numRequiredSignatures & 0x7f) !== 0) throw new TxParseError("unsupported transaction version");
    version = 0;
    numRequiredSignatures = c.u8();
  }
  const numReadonlySignedAccounts = c.u8();
  const numReadonlyUnsignedAccounts = c.u8();
  const nKeys = c.shortvec();
  c.need(32 * nKeys);
  const accountKeys: string[] = [];
  for (let i = 0; i < nKeys; i++) accountKeys.push(keyString(wire, c.pos + 32 * i));
  c.pos += 32 * nKeys;
  if (numRequiredSignatures > nKeys || numReadonlySignedAccounts > numRequiredSignatures || numReadonlyUnsignedAccounts > nKeys - numRequiredSignatures) {
    throw new TxParseError("message header does not fit its keys");
  }
  if (nSig !== numRequiredSignatures) throw new TxParseError("signature count differs from the header");
  c.need(32);
  const recentBlockhash = encodeBase58Key(wire, c.pos);
  c.pos += 32;
  const nIx = c.shortvec();
  const instructions: ParsedTx["instructions"] = [];
  for (let i = 0; i < nIx; i++) {
    const programIdIndex = c.u8();
    const accounts = Array.from(c.take(c.shortvec()));
    const data = c.take(c.shortvec());
    if (programIdIndex >= nKeys || accounts.some((a) => a >= nKeys)) throw new TxParseError("account index out of range");
    instructions.push({ programIdIndex, accounts, data });
  }
  if (version === 0 && c.shortvec() > 0) throw new TxParseError("address table lookups are not supported by the simulator");
  if (c.pos !== wire.length) throw new TxParseError("trailing bytes after the message");
  const signatures = signatureBytes.map((s) => encodeBase58(s));
  return {
    signature: signatures[0]!,
    signatures,
    signatureBytes,
    messageBytes: wire.subarray(messageStart),
    header: { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts },
    accountKeys,
    recentBlockhash,
    instructions,
    version,
  };
}

/** Whether account `i` of the message signs. */
export function isSignerIndex(tx: ParsedTx, i: number): boolean {
  return i < tx.header.numRequiredSignatures;
}

/** Whether account `i` of the message is writable (from the header's readonly counts). */
export function isWritableIndex(tx: ParsedTx, i: number): boolean {
  const h = tx.header;
  if (i < h.numRequiredSignatures) return i < h.numRequiredSignatures - h.numReadonlySignedAccounts;
  return i < tx.accountKeys.length - h.numReadonlyUnsignedAccounts;
}
