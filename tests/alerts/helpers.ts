/** Loopback receivers and small fakes for the alert delivery tests. */
import pino from "pino";
import { ManualClock } from "../../src/clock.ts";
import type { DeliveryPolicy } from "../../src/alerts/index.ts";
import type { Alert } from "../../src/domain/alerts/index.ts";

/** One request a receiver got. */
export interface Received {
  path: string;
  body: unknown;
  /** performance.now() at arrival. */
  at: number;
}

/** How a receiver answers the n-th request (0-based). */
export type Answer = (n: number, req: Request) => Response | Promise<Response>;

/** A local HTTP receiver on 127.0.0.1 with an ephemeral port. */
export interface Receiver {
  url: string;
  host: string;
  received: Received[];
  stop(): Promise<void>;
}

const servers: Array<{ stop(force?: boolean): Promise<void> | void }> = [];

/** Starts a receiver answering with `answer` (default 200 `{"ok":true}`). */
export function receiver(answer: Answer = () => Response.json({ ok: true })): Receiver {
  const received: Received[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    fetch: async (req) => {
      const n = received.length;
      const text = await req.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      received.push({ path: new URL(req.url).pathname, body, at: performance.now() });
      return answer(n, req);
    },
  });
  servers.push(server);
  const host = `127.0.0.1:${server.port}`;
  return { url: `http://${host}`, host, received, stop: async () => void (await server.stop(true)) };
}

/** A receiver that never answers (the request hangs until the server is stopped). */
export function hangingReceiver(): Receiver {
  return receiver(() => new Promise<Response>(() => {}));
}

/** Stops every receiver started so far. */
export async function stopReceivers(): Promise<void> {
  for (const s of servers.splice(0)) await s.stop(true);
}

/** A delivery policy for tests: short timeouts and backoff. */
export function policy(overrides: Partial<DeliveryPolicy> = {}): DeliveryPolicy {
  return { timeoutMs: 1000, retries: 2, backoffInitialMs: 20, backoffMaxMs: 1000, queueBound: 100, minSeverity: "info", ...overrides };
}

let seq = 0;
/** A sample alert. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  seq++;
  return {
    id: `test:${seq}`,
    rule: "balance-floor",
    kind: "balance_below",
    severity: "warn",
    key: "global",
    message: "wallet balance 0.500000000 SOL is at or below the floor 1.000000000 SOL",
    details: { balanceLamports: "500000000", floorLamports: "1000000000" },
    at: 1_700_000_000_000,
    ...overrides,
  };
}

/** A pino logger writing JSON lines into `lines` (no redaction, no scrubbing: shows what the code itself logs). */
export function captureLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: "trace" }, { write: (line: string) => void lines.push(line) }), lines };
}

/** Polls until `condition` holds (or fails the test after `ms`). */
export async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error("condition not reached in time");
    await Bun.sleep(5);
  }
}

/** A manual clock (wall + monotonic). */
export const clock = () => new ManualClock();
