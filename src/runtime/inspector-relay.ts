/** Options of the loopback relay between the bot's inspector and a browser tab. */
export interface InspectorRelayOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Always loopback by default: inspection events carry (redacted) actor state. */
  hostname?: string;
  /** Messages replayed to a client that connects late (drop-oldest when full). Default 200. */
  replay?: number;
  /** The hosted Stately inspector page embedded by the bridge page. */
  inspectorUrl?: string;
}

/** A running relay. */
export interface InspectorRelay {
  readonly port: number;
  /** Where the bot's websocket inspector connects. */
  readonly wsUrl: string;
  /** The bridge page to open in a browser. */
  readonly httpUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a websocket relay on 127.0.0.1, like `@statelyai/inspect/server` but bound to loopback, with
 * no auto-opened browser: every message from one client goes to all the others, the last `replay`
 * are replayed to newcomers. GET / serves a bridge page embedding the hosted Stately inspector UI,
 * which is a page on stately.ai: the visual UI needs internet, the relay itself does not.
 */
export function startInspectorRelay(options: InspectorRelayOptions): InspectorRelay {
  const hostname = options.hostname ?? "127.0.0.1";
  const replayMax = options.replay ?? 200;
  const inspectorUrl = options.inspectorUrl ?? "https://stately.ai/inspect";
  const replay: string[] = [];
  const topic = "inspect";

  const server = Bun.serve({
    hostname,
    port: options.port,
    fetch(req, srv) {
      if (srv.upgrade(req)) return undefined;
      return new Response(bridgePage(hostname, srv.port ?? options.port, inspectorUrl), {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    },
    websocket: {
      open(ws) {
        for (const message of replay) ws.send(message);
        ws.subscribe(topic);
      },
      message(ws, data) {
        const message = typeof data === "string" ? data : new TextDecoder().decode(data);
        replay.push(message);
        if (replay.length > replayMax) replay.shift();
        ws.publish(topic, message); // publish skips the sender
      },
      close(ws) {
        ws.unsubscribe(topic);
      },
    },
  });
  const port = server.port ?? options.port;
  return {
    port,
    wsUrl: `ws://${hostname}:${port}`,
    httpUrl: `http://${hostname}:${port}/`,
    stop: () => server.stop(true),
  };
}

function bridgePage(hostname: string, port: number, inspectorUrl: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Stately inspector (pump-sniper)</title>
<style>html,body,iframe{margin:0;height:100%;width:100%;border:0}</style></head>
<body><iframe id="inspector" src="${encodeURI(inspectorUrl)}"></iframe>
<script>
  const iframe = document.getElementById("inspector");
  const buffer = [];
  let connected = false;
  window.addEventListener("message", (e) => {
    if (e.data && e.data.type === "@statelyai.connected") {
      connected = true;
      buffer.splice(0).forEach((m) => iframe.contentWindow.postMessage(m, "*"));
    }
  });
  const ws = new WebSocket("ws://${hostname}:${port}");
  ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    if (connected) iframe.contentWindow.postMessage(data, "*");
    else if (buffer.push(data) > 1000) buffer.shift();
  };
</script></body></html>`;
}
