/** Input checks shared by the HTTP routes. */
import bs58 from "bs58";

/** True for a base58 string that decodes to exactly 32 bytes (a Solana public key / mint). */
export function isMintAddress(value: string): boolean {
  if (value.length < 32 || value.length > 44 || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(value)) return false;
  try {
    return bs58.decode(value).length === 32;
  } catch {
    return false;
  }
}
