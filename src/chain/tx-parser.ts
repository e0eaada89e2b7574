/**
 * parseTransaction: wire bytes -> signatures, account keys, blockhash and instructions, for legacy and
 * v0 messages. Address lookup tables are refused (the bot never uses them). Throws PumpDecodeError.
 */
import { encodeBase58 } from "./base58.ts";
import { keyBytes } from "./message.ts";
import { PumpDecodeError } from "./pump/errors.ts";
import { verifyEd25519 } from "./signer.ts";

/** One account of a parsed message with its flags from the header. */
export interface ParsedAccount {
  pubkey: string;
  isSigner: boolean;
  isWritable: boolean;
}

/** One compiled instruction, resolved to keys. */
export interface ParsedInstruction {
  programId: string;
  accounts: string[];
  accountIndexes: number[];
  data: Uint8Array;
}

/** A parsed transaction. */
export interface ParsedTransaction {
  version: "legacy" | 0;
  /** Base58 signatures (the first is the transaction id). */
  signatures: string[];
  signatureBytes: Uint8Array[];
  /** The message bytes the signatures sign. */
  message: Uint8Array;
  header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
  accountKeys: string[];
  accounts: ParsedAccount[];
  recentBlockhash: string;
  instructions: ParsedInstruction[];
}

class Cursor {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  need(n: number): void {
    if (this.pos + n > this.b.length) throw new PumpDecodeError("truncated", "transaction bytes end early", { at: this.pos, need: n });
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
    throw new PumpDecodeError("invalid", "shortvec longer than 3 bytes", { at: this.pos });
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Parses a serialized transaction. */
export function parseTransaction(wire: Uint8Array): ParsedTransaction {
  const c = new Cursor(wire);
  const nSig = c.shortvec();
  const signatureBytes: Uint8Array[] = [];
  for (let i = 0; i < nSig; i++) signatureBytes.push(c.take(64).slice());
  const messageStart = c.pos;
  let version: "legacy" | 0 = "legacy";
  const first = c.u8();
  let numRequiredSignatures = first;
  if (first & 0x80) {
    if ((first & 0x7f) !== 0) throw new PumpDecodeError("invalid", "unsupported message version", { version: first & 0x7f });
    version = 0;
    numRequiredSignatures = c.u8();
  }
  const numReadonlySignedAccounts = c.u8();
  const numReadonlyUnsignedAccounts = c.u8();
  const nKeys = c.shortvec();
  const accountKeys: string[] = [];
  for (let i = 0; i < nKeys; i++) accountKeys.push(encodeBase58(c.take(32)));
  if (numRequiredSignatures > nKeys || numReadonlySignedAccounts > numRequiredSignatures || numReadonlyUnsignedAccounts > nKeys - numRequiredSignatures) {
    throw new PumpDecodeError("invalid", "message header does not fit its keys", { nKeys });
  }
  if (nSig !== numRequiredSignatures) throw new PumpDecodeError("invalid", "signature count differs from the header", { nSig, numRequiredSignatures });
  const recentBlockhash = encodeBase58(c.take(32));
  const nIx = c.shortvec();
  const instructions: ParsedInstruction[] = [];
  for (let i = 0; i < nIx; i++) {
    const programIndex = c.u8();
    const nAcc = c.shortvec();
    const accountIndexes = Array.from(c.take(nAcc));
    const data = c.take(c.shortvec()).slice();
    const resolve = (idx: number): string => {
      const k = accountKeys[idx];
      if (k === undefined) throw new PumpDecodeError("invalid", "account index out of range", { idx, nKeys });
      return k;
    };
    instructions.push({ programId: resolve(programIndex), accounts: accountIndexes.map(resolve), accountIndexes, data });
  }
  if (version === 0) {
    const lookups = c.shortvec();
    if (lookups > 0) throw new PumpDecodeError("invalid", "address lookup tables are not supported", { lookups });
  }
  if (c.pos !== wire.length) throw new PumpDecodeError("invalid", "trailing bytes after the message", { extra: wire.length - c.pos });
  const accounts = accountKeys.map((pubkey, i) => ({
    pubkey,
    isSigner: i < numRequiredSignatures,
    isWritable:
      i < numRequiredSignatures ? i < numRequiredSignatures - numReadonlySignedAccounts : i < nKeys - numReadonlyUnsignedAccounts,
  }));
  return {
    version,
    signatures: signatureBytes.map((sig) => encodeBase58(sig)),
    signatureBytes,
    message: wire.slice(messageStart),
    header: { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts },
    accountKeys,
    accounts,
    recentBlockhash,
    instructions,
  };
}

/** True when every signature verifies against its signer key (the first header.numRequiredSignatures keys). */
export function verifyTransactionSignatures(tx: ParsedTransaction): boolean {
  return tx.signatureBytes.every((sig, i) => verifyEd25519(tx.accountKeys[i] ? keyBytes(tx.accountKeys[i]!) : new Uint8Array(0), tx.message, sig));
}
