/** The environment `bun run start` gives the bot: the collector's and the compiler's latency options. */
import { LATENCY_GC_ENV } from "./gc-mode.ts";
import { LATENCY_JIT_ENV } from "./jit-mode.ts";

/** Every JavaScriptCore option package.json's start script sets (the bench spawns its bot with them too). */
export const LATENCY_ENV: Readonly<Record<string, string>> = { ...LATENCY_GC_ENV, ...LATENCY_JIT_ENV };
