import { encodeGlobal, type Global } from "../../chain/pump/index.ts";
import { MAINNET_CURVE_PARAMS, MAINNET_FEES } from "../../domain/curve.ts";
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  METAPLEX_METADATA_PROGRAM_ID,
  PUMP_EVENT_AUTHORITY,
  PUMP_FEE_CONFIG,
  PUMP_FEE_PROGRAM_ID,
  PUMP_GLOBAL,
  PUMP_GLOBAL_VOLUME_ACCUMULATOR,
  PUMP_MINT_AUTHORITY,
  PUMP_PROGRAM_ID,
  SYSTEM_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  COMPUTE_BUDGET_PROGRAM_ID,
} from "../chain.ts";
import type { AccountStore } from "../ledger/accounts.ts";

/** The mainnet Global's fee recipients (pump.global.account vector). */
export const FEE_RECIPIENT = "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV";
export const FEE_RECIPIENTS = [
  "7VtfL8fvgNfhz17qKRMjzQEXgbdpnHHHQRh54R9jP2RJ",
  "7hTckgnGnLQR6sdH7YkqFTAA7VwTfYFaZ6EhEsU3saCX",
  "9rPYyANsfQZw3DnDmKE3YCQF5E8oD89UXoHn9JFEhJUz",
  "AVmoTthdrX6tKt4nDjco2D775W2YK3sDhxPcMmzUAmTY",
  "CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM",
  "FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz",
  "G5UZAVbAf46s7cKWoyKu8kYTip9DGTpbLZ2qa9Aq69dP",
];

/** Live fee rates (fee program tiers, Feb 2026): protocol 95 bps, creator 30 bps. */
export const PUMP_FEES = MAINNET_FEES;

/** The simulated Global: mainnet values, with create_v2 enabled. */
export const SIM_GLOBAL: Omit<Global, "dataLength" | "truncatedAt" | "extra"> = {
  initialized: true,
  authority: "FFWtrEQ4B4PKQoVuHYzZq8FabGkVatYzDpEVHsK5rrhF",
  feeRecipient: FEE_RECIPIENT,
  initialVirtualTokenReserves: MAINNET_CURVE_PARAMS.initialVirtualTokenReserves,
  initialVirtualSolReserves: MAINNET_CURVE_PARAMS.initialVirtualSolReserves,
  initialRealTokenReserves: MAINNET_CURVE_PARAMS.initialRealTokenReserves,
  tokenTotalSupply: MAINNET_CURVE_PARAMS.tokenTotalSupply,
  feeBasisPoints: 95n,
  withdrawAuthority: "39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg",
  enableMigrate: true,
  poolMigrationFee: 15_000_001n,
  creatorFeeBasisPoints: 5n,
  feeRecipients: FEE_RECIPIENTS,
  setCreatorAuthority: "39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg",
  adminSetCreatorAuthority: SYSTEM_PROGRAM_ID,
  createV2Enabled: true,
  whitelistPda: SYSTEM_PROGRAM_ID,
  reservedFeeRecipient: SYSTEM_PROGRAM_ID,
};

/** True when `key` may receive the protocol fee. */
export function isFeeRecipient(key: string): boolean {
  return key === FEE_RECIPIENT || FEE_RECIPIENTS.includes(key);
}

/** Writes the programs and pump.fun's fixed accounts into a fresh ledger. */
export function writeGenesis(accounts: AccountStore): void {
  const program = (owner = "BPFLoaderUpgradeab1e11111111111111111111111") => ({
    lamports: 1_141_440n,
    owner,
    data: new Uint8Array(36),
    executable: true,
  });
  for (const id of [PUMP_PROGRAM_ID, PUMP_FEE_PROGRAM_ID, METAPLEX_METADATA_PROGRAM_ID, TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID]) {
    accounts.set(id, program());
  }
  accounts.set(SYSTEM_PROGRAM_ID, { ...program("NativeLoader1111111111111111111111111111111"), data: new Uint8Array(14) });
  accounts.set(COMPUTE_BUDGET_PROGRAM_ID, { ...program("NativeLoader1111111111111111111111111111111"), data: new Uint8Array(22) });
  const globalData = encodeGlobal({ ...SIM_GLOBAL, dataLength: 504 });
  accounts.set(PUMP_GLOBAL, { lamports: 290_898_417n, owner: PUMP_PROGRAM_ID, data: globalData, executable: false });
  const plain = (owner: string, size: number) => ({ lamports: 890_880n + BigInt(size) * 6960n, owner, data: new Uint8Array(size), executable: false });
  accounts.set(PUMP_EVENT_AUTHORITY, plain(SYSTEM_PROGRAM_ID, 0));
  accounts.set(PUMP_MINT_AUTHORITY, plain(SYSTEM_PROGRAM_ID, 0));
  accounts.set(PUMP_GLOBAL_VOLUME_ACCUMULATOR, plain(PUMP_PROGRAM_ID, 200));
  accounts.set(PUMP_FEE_CONFIG, plain(PUMP_FEE_PROGRAM_ID, 200));
  for (const r of [FEE_RECIPIENT, ...FEE_RECIPIENTS]) accounts.credit(r, 1_000_000_000n);
}
