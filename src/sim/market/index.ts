/** The seeded market model: a pure planner of launches and trades, and the driver that plays it on the cluster. */
export { createMarket, type Market, type MarketDriverOptions, type MarketStats } from "./driver.ts";
export { MarketPlanner } from "./planner.ts";
export { resolveMarketOptions, DEFAULT_MARKET_OPTIONS, type MarketOptions, type MarketOptionsInput, type FateMix } from "./options.ts";
export { FATES, type Fate, type MarketAction, type PlannedLaunch } from "./actions.ts";
export { FATE_PROFILES, type FateProfile, type Phase } from "./fates.ts";
export { WalletBook, type WalletRole } from "./wallets.ts";
export { drawTokenText, type TokenText } from "./names.ts";
