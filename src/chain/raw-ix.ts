/**
 * Instructions as plain data (base58 keys): what the fast transaction builder compiles directly, and
 * what converts into a web3.js TransactionInstruction for everything else.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";

/** One account of an instruction. */
export interface RawAccountMeta {
  pubkey: string;
  isSigner: boolean;
  isWritable: boolean;
}

/** An instruction with base58 keys. */
export interface RawInstruction {
  programId: string;
  keys: RawAccountMeta[];
  data: Uint8Array;
}

/** Shorthand for an account meta. */
export function meta(pubkey: string, isWritable: boolean, isSigner = false): RawAccountMeta {
  return { pubkey, isSigner, isWritable };
}

/** Converts to a web3.js instruction. */
export function toTransactionInstruction(ix: RawInstruction): TransactionInstruction {
  return new TransactionInstruction({
    programId: new PublicKey(ix.programId),
    keys: ix.keys.map((k) => ({ pubkey: new PublicKey(k.pubkey), isSigner: k.isSigner, isWritable: k.isWritable })),
    data: Buffer.from(ix.data),
  });
}

/** Converts a web3.js instruction to plain data. */
export function fromTransactionInstruction(ix: TransactionInstruction): RawInstruction {
  return {
    programId: ix.programId.toBase58(),
    keys: ix.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), isSigner: k.isSigner, isWritable: k.isWritable })),
    data: new Uint8Array(ix.data),
  };
}
