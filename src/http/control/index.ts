/**
 * The control routes: `POST /api/control/{pause,resume,sell/:mint,sell-all,shutdown}` behind the bearer
 * token `SNIPER_CONTROL_TOKEN`. No token configured: 403 "control is disabled". Missing or wrong token:
 * 401 (the token is never echoed); too many failures: 429 with Retry-After. Each action calls the injected
 * ControlPort and answers JSON; a port failure is 500 with a generic message (errors may carry secrets).
 */
import { Hono, type Context } from "hono";
import { isMintAddress } from "../validate.ts";
import { bearerToken, FailureLimiter, tokenMatches, type FailureLimiterOptions } from "./auth.ts";

export { FailureLimiter, bearerToken, tokenMatches } from "./auth.ts";

/** What the control API can make the bot do. Each may return a JSON-able result or a promise of one. */
export interface ControlPort {
  /** Stop taking new launches (positions keep being managed). */
  pause(): unknown;
  /** Take new launches again. */
  resume(): unknown;
  /** Sell the whole position in `mint` now (exit reason `manual`). */
  sell(mint: string): unknown;
  /** Sell every open position now. */
  sellAll(): unknown;
  /** Graceful shutdown (drain, flush, exit 0). Called after the response is on its way. */
  shutdown(): unknown;
}

/** Options of the control routes. */
export interface ControlOptions {
  /** The configured token (`secrets.controlToken`); absent or empty disables control. */
  token?: string;
  /** The bot's side of control; absent disables control. */
  port?: ControlPort;
  /** Failure limiter bounds. */
  limiter?: FailureLimiterOptions;
  /** Key of a client for the failure limiter. Default: one key for all (the port binds loopback). */
  clientKey?: (c: Context) => string;
}

type Action = "pause" | "resume" | "sell" | "sell-all" | "shutdown";

/** Builds the control routes. */
export function controlRoutes(options: ControlOptions): Hono {
  const app = new Hono();
  const limiter = new FailureLimiter(options.limiter);
  const keyOf = options.clientKey ?? (() => "all");
  const token = options.token?.trim() ?? "";
  const port = options.port;

  app.use("/api/control/*", async (c, next) => {
    if (token === "" || port === undefined) {
      return c.json({ error: "control is disabled: set SNIPER_CONTROL_TOKEN to enable it" }, 403);
    }
    const key = keyOf(c);
    const wait = limiter.retryAfterMs(key);
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      return c.json({ error: "too many failed attempts; try again later" }, 429);
    }
    const presented = bearerToken(c.req.header("authorization"));
    if (presented === undefined || !tokenMatches(presented, token)) {
      limiter.fail(key);
      c.header("WWW-Authenticate", 'Bearer realm="sniper-control"');
      return c.json({ error: "unauthorized: send Authorization: Bearer <control token>" }, 401);
    }
    limiter.reset(key);
    await next();
  });

  const run = async (c: Context, action: Action, call: () => unknown, extra: Record<string, string> = {}): Promise<Response> => {
    try {
      const result = await call();
      return c.json({ ok: true, action, ...extra, ...(result === undefined ? {} : { result: jsonable(result) }) });
    } catch {
      return c.json({ ok: false, action, ...extra, error: `${action} failed` }, 500);
    }
  };

  app.post("/api/control/pause", (c) => run(c, "pause", () => port!.pause()));
  app.post("/api/control/resume", (c) => run(c, "resume", () => port!.resume()));
  app.post("/api/control/sell-all", (c) => run(c, "sell-all", () => port!.sellAll()));
  app.post("/api/control/sell/:mint", async (c): Promise<Response> => {
    const mint = c.req.param("mint");
    if (!isMintAddress(mint)) return c.json({ error: "mint: must be a base58-encoded 32-byte address" }, 400);
    return run(c, "sell", () => port!.sell(mint), { mint });
  });
  app.post("/api/control/shutdown", (c) => {
    // Answer first: the shutdown stops this very server.
    setTimeout(() => {
      try {
        void Promise.resolve(port!.shutdown()).catch(() => {});
      } catch {
        // reported by the lifecycle's own logging
      }
    }, 0);
    return c.json({ ok: true, action: "shutdown" }, 202);
  });
  app.all("/api/control/*", (c) => c.json({ error: "unknown control action or method (use POST)" }, 404));
  return app;
}

// Port results may carry bigint amounts.
function jsonable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null") as unknown;
}
