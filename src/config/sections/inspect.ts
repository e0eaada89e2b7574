import { bool, port, section } from "../fields.ts";

/** `[inspect]`: the optional @statelyai/inspect websocket relay (off by default; it never leaves loopback). */
export const inspectSection = section({
  stately: bool().default(false),
  port: port().default(8788),
});
