/** Wallets: live keys (keypair file or base58 secret), the sim paper wallet and its top-up rule, printing-safe signers, the balance floor. */
import type { Signer } from "../chain/signer.ts";
import { SniperError } from "../errors.ts";
import { loadKeypairFile, signerFromBase58 } from "./keys.ts";

export { loadKeypairFile, signerFromBase58, signerFromKeypairJson } from "./keys.ts";
export { protectSigner } from "./protect.ts";
export { assertBalance } from "./balance.ts";
export { loadOrCreateSimKeypair, SIM_WALLET_FILE } from "./sim-wallet.ts";
export { decideTopUp, type TopUpDecision, type TopUpPolicy } from "./top-up.ts";

/** The live signing key: `SNIPER_WALLET_SECRET` (base58) wins over `live.keypairPath`; one of them is required. */
export function loadLiveSigner(sources: { secret?: string; keypairPath?: string }): Signer {
  if (sources.secret !== undefined && sources.secret.trim() !== "") return signerFromBase58(sources.secret);
  if (sources.keypairPath) return loadKeypairFile(sources.keypairPath);
  throw new SniperError("config", "live mode needs a wallet: set SNIPER_WALLET_SECRET or live.keypairPath", { field: "live.keypairPath" });
}
