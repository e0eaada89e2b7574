import { int, num, port, section } from "../fields.ts";

/** `[sim]`: the simulated cluster: market seed, launch rate, slot time; ports 0 = pick a free one. */
export const simSection = section({
  seed: int(0, Number.MAX_SAFE_INTEGER).default(1),
  launchRatePerSec: num(0, 10_000, true).default(1),
  slotMs: int(1, 60_000).default(400),
  httpPort: port().default(0),
  wsPort: port().default(0),
});
