import type { RawInstruction } from "../../chain/raw-ix.ts";
import type { ParsedTx } from "../exec/parse.ts";

/**
 * Compiles instructions straight into the runtime's parsed form (same account order as a real message:
 * payer, writable signers, readonly signers, writable, readonly), skipping bytes entirely: the
 * simulator's own transactions are never serialized or signature-checked.
 */
export function compileSynthetic(payer: string, instructions: readonly RawInstruction[], recentBlockhash: string, signature: () => string): ParsedTx {
  const flags = new Map<string, { signer: boolean; writable: boolean }>([[payer, { signer: true, writable: true }]]);
  for (const ix of instructions) {
    for (const k of ix.keys) {
      const f = flags.get(k.pubkey);
      if (f) {
        f.signer ||= k.isSigner;
        f.writable ||= k.isWritable;
      } else flags.set(k.pubkey, { signer: k.isSigner, writable: k.isWritable });
    }
    if (!flags.has(ix.programId)) flags.set(ix.programId, { signer: false, writable: false });
  }
  const groups: string[][] = [[], [], [], []];
  for (const [k, f] of flags) groups[(f.signer ? 0 : 2) + (f.writable ? 0 : 1)]!.push(k);
  const accountKeys = [...groups[0]!, ...groups[1]!, ...groups[2]!, ...groups[3]!];
  const index = new Map<string, number>();
  for (let i = 0; i < accountKeys.length; i++) index.set(accountKeys[i]!, i);
  const numRequiredSignatures = groups[0]!.length + groups[1]!.length;
  const signatures = Array.from({ length: numRequiredSignatures }, signature);
  return {
    keyIndex: index,
    signature: signatures[0]!,
    signatures,
    signatureBytes: [],
    messageBytes: new Uint8Array(0),
    header: { numRequiredSignatures, numReadonlySignedAccounts: groups[1]!.length, numReadonlyUnsignedAccounts: groups[3]!.length },
    accountKeys,
    recentBlockhash,
    instructions: instructions.map((ix) => ({
      programIdIndex: index.get(ix.programId)!,
      accounts: ix.keys.map((k) => index.get(k.pubkey)!),
      data: ix.data,
    })),
    version: "legacy",
  };
}
