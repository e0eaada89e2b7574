/**
 * The simulator's single door to the shared chain codecs (src/chain/, owned by another engineer).
 * Everything the simulator needs from them is re-exported here, so a missing piece is patched in one place.
 */
export {
  PUMP_PROGRAM_ID,
  PUMP_FEE_PROGRAM_ID,
  PUMP_GLOBAL,
  PUMP_MINT_AUTHORITY,
  PUMP_EVENT_AUTHORITY,
  PUMP_GLOBAL_VOLUME_ACCUMULATOR,
  PUMP_FEE_CONFIG,
  METAPLEX_METADATA_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  ASSOCIATED_TOKEN_PROGRAM_ID,
  COMPUTE_BUDGET_PROGRAM_ID,
  SYSTEM_PROGRAM_ID,
  RENT_SYSVAR_ID,
} from "../chain/pump/constants.ts";
