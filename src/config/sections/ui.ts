import { int, section } from "../fields.ts";

/** `[ui]`: the UI bridge, SSE and state-cache bounds (the status server itself is `[http]`). */
export const uiSection = section({
  bridgeIntervalMs: int(20, 10_000).default(250),
  actorsEveryMs: int(100, 60_000).default(1000),
  /** Must stay under Bun's 10 s idle timeout. */
  sseHeartbeatMs: int(1000, 9000).default(5000),
  sseStallMs: int(1000, 600_000).default(30_000),
  sseMaxClients: int(1, 1000).default(32),
  cacheLaunches: int(16, 1_000_000).default(4096),
  feedSize: int(10, 10_000).default(200),
  /** How often the status page's endpoint health is probed (getSlot per RPC endpoint, websocket liveness). */
  endpointProbeMs: int(500, 600_000).default(5000),
});
