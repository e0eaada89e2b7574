/** The pump.fun codec: events, logs, accounts, PDAs, instructions (plus the chain helpers built on it). */
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./event-types.ts";
export * from "./events.ts";
export * from "./logs.ts";
export * from "./accounts.ts";
export * from "./pda.ts";
export * from "./instructions.ts";
export * from "./instruction-decoder.ts";
export * from "./transaction-events.ts";
export { Reader, Writer, ZERO_PUBKEY, pubkeyAt, pubkeyBytes } from "./codec.ts";
export * from "../raw-ix.ts";
export * from "../compute-budget.ts";
export * from "../ata.ts";
export * from "../signer.ts";
export * from "../message.ts";
export * from "../tx-builder.ts";
export * from "../tx-parser.ts";
