/** Exit rules: settings -> compiled rules -> evaluateExit per tick. */
export * from "./types.ts";
export { compileExitRules, exitConfigErrors, exitDefaults } from "./compile.ts";
export { evaluateExit, holdRemainingMs, levelsMask, nextHighWater, NO_EXIT, positionPnlBps } from "./evaluate.ts";
export { costOfHeld, pnlBps, priceAbove, priceOf, sellValue } from "./value.ts";
