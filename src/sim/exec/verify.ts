import { keyBytes } from "../../chain/message.ts";
import { verifyEd25519 } from "../../chain/signer.ts";
import type { ParsedTx } from "./parse.ts";

/** True when every required signer's ed25519 signature over the message is valid. */
export function verifyTxSignatures(tx: ParsedTx): boolean {
  const n = tx.header.numRequiredSignatures;
  if (tx.signatureBytes.length !== n || tx.accountKeys.length < n) return false;
  for (let i = 0; i < n; i++) {
    if (!verifyEd25519(keyBytes(tx.accountKeys[i]!), tx.messageBytes, tx.signatureBytes[i]!)) return false;
  }
  return true;
}
