/** The live-mode balance check: the wallet must hold at least the configured floor before trading. */
import type { HttpRpcClient } from "../chain/rpc/http-client.ts";
import { SniperError } from "../errors.ts";

const sol = (lamports: bigint): string => {
  const whole = lamports / 1_000_000_000n;
  const frac = (lamports % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole.toString();
};

/** Resolves with the balance if it is at least `floorLamports`, else throws a `config` SniperError naming both. */
export async function assertBalance(
  rpc: Pick<HttpRpcClient, "getBalance">,
  address: string,
  floorLamports: bigint,
  signal?: AbortSignal,
): Promise<bigint> {
  const balance = await rpc.getBalance(address, "confirmed", { signal });
  if (balance < floorLamports) {
    throw new SniperError(
      "config",
      `wallet ${address} holds ${sol(balance)} SOL, below the floor of ${sol(floorLamports)} SOL: fund it or lower wallet.minBalanceLamports`,
      { field: "wallet.minBalanceLamports", address, balance: balance.toString(), floor: floorLamports.toString() },
    );
  }
  return balance;
}
