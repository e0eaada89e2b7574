import type { Hono } from "hono";
import { supervisedCallback } from "./supervised-callback.ts";

/** Input of the HTTP server actor: where to listen and what to serve. */
export interface HttpServerInput {
  hostname: string;
  port: number;
  app: Hono;
  /** Told the bound URL on every (re)start, e.g. to print it. */
  onListening?: (url: string) => void;
}

/**
 * The status HTTP server as a supervised child: a bind failure or a crash reaches its supervisor as an
 * event; the cleanup closes the listening socket and every open connection (SSE streams included).
 */
export const httpServerActor = supervisedCallback<{ type: string }, HttpServerInput>(({ input, fail, guard }) => {
  let server: ReturnType<typeof Bun.serve> | undefined;
  try {
    server = Bun.serve({
      hostname: input.hostname,
      port: input.port,
      // SSE streams send their own heartbeats; 0 keeps idle probes from being cut at Bun's 10 s default.
      idleTimeout: 0,
      fetch: (request) => input.app.fetch(request),
      error: () => new Response("internal error", { status: 500 }),
    });
    guard(() => input.onListening?.(`http://${input.hostname}:${server?.port}`))();
  } catch (error) {
    fail(error);
  }
  return () => {
    void server?.stop(true);
  };
});
