import { afterEach, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { Http1ResponseParser, encodeRequest, parseTarget } from "../../src/chain/rpc/http1-codec.ts";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { createKeepAlivePoster, type KeepAlivePoster, type KeepAlivePosterOptions } from "../../src/chain/rpc/keepalive-poster.ts";
import { SniperError } from "../../src/errors.ts";
import { bundleSender, closeSenders, fanOut, rawRpcSender, rpcSenders, sendTransactionBody } from "../../src/executor/senders.ts";
import { cluster, fundedWallet, landed, launch, startExecutor, until as untilLong } from "../executor/helpers.ts";

// ---- loopback servers -----------------------------------------------------------------------------

interface RawRequest {
  head: string;
  body: string;
  raw: Buffer;
  conn: number;
}
interface RawServer {
  url: string;
  port: number;
  requests: RawRequest[];
  /** Connections accepted / closed so far. */
  opened: number;
  closed: number;
  stop(): void;
}

/** A raw TCP server: each complete request (Content-Length framed) is handed to `reply` with its socket. */
function rawServer(reply: (s: Socket<{ n: number }>, req: RawRequest, index: number) => void): RawServer {
  const bufs = new Map<number, Buffer>();
  const srv: RawServer = { url: "", port: 0, requests: [], opened: 0, closed: 0, stop: () => listener.stop(true) };
  const listener = Bun.listen<{ n: number }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { n: srv.opened++ };
      },
      data(s, chunk) {
        let buf = Buffer.concat([bufs.get(s.data.n) ?? Buffer.alloc(0), chunk]);
        for (;;) {
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0) break;
          const head = buf.toString("latin1", 0, end);
          const len = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (buf.length < end + 4 + len) break;
          const req = { head, body: buf.toString("utf8", end + 4, end + 4 + len), raw: buf.subarray(0, end + 4 + len), conn: s.data.n };
          srv.requests.push(req);
          buf = buf.subarray(end + 4 + len);
          reply(s, req, srv.requests.length - 1);
        }
        bufs.set(s.data.n, buf);
      },
      close() {
        srv.closed++;
      },
    },
  });
  srv.port = listener.port;
  srv.url = `http://127.0.0.1:${listener.port}`;
  return srv;
}

const idOf = (body: string): string => (JSON.parse(body) as { id: string }).id;
const okJson = (body: string, result: unknown = "sig"): string => {
  const payload = JSON.stringify({ jsonrpc: "2.0", id: idOf(body), result });
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
};
const body = (id = "1", b64 = "QUJD"): string => sendTransactionBody(b64, id);
const SECRET = "/secret-path-KEY123?api-key=SECRETKEY";
const leaks = (e: unknown): boolean => {
  const err = e as SniperError & { cause?: { message?: string } };
  const text = JSON.stringify(err.toJSON?.() ?? {}) + String(err.message) + String(err.cause?.message ?? "") + String(err.stack);
  return text.includes("SECRETKEY") || text.includes("KEY123");
};
const failure = (p: Promise<unknown>): Promise<SniperError> =>
  p.then(() => { throw new Error("resolved, a rejection was expected"); }, (e: unknown) => e as SniperError);
const until = async (pred: () => boolean, ms = 2_000): Promise<void> => {
  const end = performance.now() + ms;
  while (!pred()) {
    if (performance.now() > end) throw new Error("timed out waiting");
    await Bun.sleep(2);
  }
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});
function poster(o: KeepAlivePosterOptions): KeepAlivePoster {
  const p = createKeepAlivePoster(o);
  cleanups.push(() => p.close());
  return p;
}
function server(reply: Parameters<typeof rawServer>[0]): RawServer {
  const s = rawServer(reply);
  cleanups.push(() => s.stop());
  return s;
}

// ---- the codec --------------------------------------------------------------------------------------

describe("http1 codec", () => {
  test("the request is the head built once per URL plus the UTF-8 body, Content-Length in bytes", () => {
    const t = parseTarget("http://127.0.0.1:8899/a/b?api-key=K", 0);
    const text = Buffer.from(encodeRequest(t, '{"x":"é"}')).toString("utf8");
    expect(text).toBe('POST /a/b?api-key=K HTTP/1.1\r\nHost: 127.0.0.1:8899\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"x":"é"}');
    expect(parseTarget("https://rpc.example.com", 0)).toMatchObject({ https: true, hostname: "rpc.example.com", port: 443 });
    expect(Buffer.from(parseTarget("https://rpc.example.com", 0).prefix).toString()).toStartWith("POST / HTTP/1.1\r\nHost: rpc.example.com\r\n");
  });

  test("bad URLs and header injection are config errors that do not echo the URL", () => {
    for (const [url, headers] of [["ftp://h/?api-key=SECRETKEY", {}], ["not a url SECRETKEY", {}], ["http://h/?api-key=SECRETKEY", { "X-A": "v\r\nEvil: 1" }]] as const) {
      let e: unknown;
      try {
        parseTarget(url, 3, headers);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(SniperError);
      expect((e as SniperError).kind).toBe("config");
      expect(leaks(e)).toBe(false);
    }
  });

  const cases: Array<{ name: string; raw: string; status: number; body: string; keepAlive: boolean; atClose?: boolean }> = [
    { name: "content-length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", status: 200, body: "hello", keepAlive: true },
    { name: "header names in any case", raw: "HTTP/1.1 200 OK\r\nCONTENT-length:   5  \r\nX-Other: a:b\r\n\r\nhello", status: 200, body: "hello", keepAlive: true },
    { name: "chunked with extension and trailer", raw: "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n3;ext=1\r\nhel\r\n2\r\nlo\r\n0\r\nX-Trailer: t\r\n\r\n", status: 200, body: "hello", keepAlive: true },
    { name: "Connection: close", raw: "HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok", status: 200, body: "ok", keepAlive: false },
    { name: "100 Continue first", raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n", status: 429, body: "", keepAlive: true },
    { name: "HTTP/1.0 without keep-alive", raw: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", status: 200, body: "ok", keepAlive: false },
    { name: "body until close", raw: "HTTP/1.1 200 OK\r\n\r\nuntil close", status: 200, body: "until close", keepAlive: false, atClose: true },
    { name: "204 has no body", raw: "HTTP/1.1 204 No Content\r\n\r\n", status: 204, body: "", keepAlive: true },
  ];
  test.each(cases)("parses $name at every split point", (c) => {
    const bytes = Buffer.from(c.raw, "latin1");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const p = new Http1ResponseParser();
      let r = p.push(bytes.subarray(0, cut)) ?? p.push(bytes.subarray(cut));
      if (c.atClose) {
        expect(r).toBeUndefined();
        r = p.end();
      }
      expect(r?.status).toBe(c.status);
      expect(r?.body.toString("latin1")).toBe(c.body);
      expect(r?.keepAlive).toBe(c.keepAlive);
      expect(p.buffered).toBe(0);
    }
  });

  test("byte-at-a-time and Retry-After is readable from the headers", () => {
    const p = new Http1ResponseParser();
    const raw = Buffer.from("HTTP/1.1 503 Busy\r\nretry-after: 2\r\ncontent-length: 3\r\n\r\nno!");
    let r;
    for (let i = 0; i < raw.length; i++) r = p.push(raw.subarray(i, i + 1));
    expect(r?.status).toBe(503);
    expect(r?.headers.get("retry-after")).toBe("2");
  });

  test.each([
    ["not HTTP", "HELLO WORLD\r\n\r\n"],
    ["bad status", "HTTP/1.1 2000 OK\r\n\r\n"],
    ["header without colon", "HTTP/1.1 200 OK\r\nbroken\r\n\r\n"],
    ["bad content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"],
    ["conflicting content-length", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"],
    ["bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"],
    ["chunk without CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc"],
    ["gzip encoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"],
    ["body too large", "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n"],
  ])("garbage throws: %s", (_name, raw) => {
    expect(() => new Http1ResponseParser().push(Buffer.from(raw))).toThrow();
  });

  test("an endless head is bounded", () => {
    const p = new Http1ResponseParser();
    expect(() => {
      for (let i = 0; i < 100; i++) p.push(Buffer.from("X-Header: " + "a".repeat(1000) + "\r\n"));
    }).toThrow();
  });
});

// ---- the pool ---------------------------------------------------------------------------------------

describe("keep-alive poster", () => {
  test("request bytes: head + body exactly, path and query kept, one connection for sequential sends", async () => {
    const s = server((sock, req) => sock.write(okJson(req.body, "sig-" + idOf(req.body))));
    const p = poster({ url: s.url + "/rpc?api-key=K" });
    await p.warm();
    for (let i = 0; i < 20; i++) expect(await p.post<string>("sendTransaction", body(String(i)))).toBe("sig-" + i);
    const b = body("0");
    expect(s.requests[0]!.raw.toString()).toBe(`POST /rpc?api-key=K HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n\r\n${b}`);
    expect(s.opened).toBe(1);
    expect(new Set(s.requests.map((r) => r.conn)).size).toBe(1);
    expect(p.stats()).toMatchObject({ connects: 1, open: 1, busy: 0, queued: 0, retries: 0 });
  });

  test("the request bytes are in the kernel before post() returns (a server on another thread sees them)", async () => {
    // The server runs in a worker and flags each request in shared memory; this thread blocks on the
    // flag without yielding to its event loop, so only a synchronous write can wake it.
    const code = `self.onmessage = (e) => {
      const flag = new Int32Array(e.data);
      const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data(s, d) {
        Atomics.add(flag, 0, 1); Atomics.notify(flag, 0);
        const id = /"id":"([^"]*)"/.exec(d.toString())[1], p = JSON.stringify({ jsonrpc: "2.0", id, result: "ok" });
        s.write("HTTP/1.1 200 OK\\r\\nContent-Length: " + p.length + "\\r\\n\\r\\n" + p);
      } } });
      postMessage(l.port);
    };`;
    const w = new Worker(URL.createObjectURL(new Blob([code], { type: "application/javascript" })));
    cleanups.push(() => w.terminate());
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const port = await new Promise<number>((res) => {
      w.onmessage = (e) => res(e.data as number);
      w.postMessage(flag.buffer);
    });
    const p = poster({ url: `http://127.0.0.1:${port}` });
    await p.warm();
    for (let i = 1; i <= 3; i++) {
      const pending = p.post("sendTransaction", body(String(i)));
      expect(Atomics.wait(flag, 0, i - 1, 2_000)).not.toBe("timed-out");
      expect(await pending).toBe("ok");
    }
    expect(p.stats().connects).toBe(1);
  });

  test("responses split over many data events, chunked, and Connection: close", async () => {
    const s = server(async (sock, req, i) => {
      const payload = JSON.stringify({ jsonrpc: "2.0", id: idOf(req.body), result: `r${i}` });
      if (i === 0) {
        const raw = `HTTP/1.1 200 OK\r\nContent-Length: ${payload.length}\r\n\r\n${payload}`;
        for (let k = 0; k < raw.length; k += 7) {
          sock.write(raw.slice(k, k + 7));
          sock.flush();
          await Bun.sleep(1);
        }
      } else if (i === 1) {
        const half = payload.length >> 1;
        sock.write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${half.toString(16)}\r\n${payload.slice(0, half)}\r\n`);
        await Bun.sleep(5);
        sock.write(`${(payload.length - half).toString(16)}\r\n${payload.slice(half)}\r\n0\r\n\r\n`);
      } else sock.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: ${payload.length}\r\n\r\n${payload}`);
    });
    const p = poster({ url: s.url, warmConnections: 1 });
    expect(await p.post("sendTransaction", body("a"))).toBe("r0");
    expect(await p.post("sendTransaction", body("b"))).toBe("r1");
    expect(await p.post("sendTransaction", body("c"))).toBe("r2");
    await until(() => s.closed === 1); // we dropped the socket after Connection: close
    expect(await p.post("sendTransaction", body("d"))).toBe("r3");
    expect(s.opened).toBe(2);
  });

  test("pool growth up to the bound, then a bounded queue, then a transient rejection", async () => {
    const held: Array<() => void> = [];
    const s = server((sock, req) => held.push(() => sock.write(okJson(req.body, idOf(req.body)))));
    const p = poster({ url: s.url, maxConnections: 2, maxQueue: 2, warmConnections: 1 });
    await p.warm();
    const ps = ["1", "2", "3", "4"].map((id) => p.post<string>("sendTransaction", body(id)));
    const full = await failure(p.post("sendTransaction", body("5")));
    expect(full).toBeInstanceOf(SniperError);
    expect(full.kind).toBe("transient");
    expect(full.message).toContain("2 requests queued");
    await until(() => held.length === 2);
    expect(p.stats()).toMatchObject({ open: 2, busy: 2, queued: 2 });
    let settled = false;
    void Promise.all(ps).then(() => (settled = true));
    while (!settled) {
      while (held.length > 0) held.shift()!();
      await Bun.sleep(2);
    }
    expect(await Promise.all(ps)).toEqual(["1", "2", "3", "4"]);
    expect(s.opened).toBe(2);
  });

  test("a timeout rejects transient and destroys its socket; the next send uses a fresh one", async () => {
    const s = server((sock, req, i) => {
      if (i > 0) sock.write(okJson(req.body));
    });
    const p = poster({ url: s.url + SECRET, timeoutMs: 40 });
    await p.warm();
    const e = await failure(p.post("sendTransaction", body()));
    expect(e.kind).toBe("transient");
    expect(e.message).toBe("sendTransaction: no answer within 40 ms");
    expect(leaks(e)).toBe(false);
    await until(() => s.closed === 1);
    expect(await p.post("sendTransaction", body())).toBe("sig");
    expect(s.opened).toBe(2);
  });

  test("an abort rejects at once (aborted), destroys the socket; a pre-aborted signal writes nothing", async () => {
    const s = server(() => {});
    const p = poster({ url: s.url });
    await p.warm();
    const ac = new AbortController();
    const pending = p.post("sendTransaction", body(), { signal: ac.signal });
    await until(() => s.requests.length === 1);
    ac.abort();
    const e = await failure(pending);
    expect(e.kind).toBe("transient");
    expect(e.details.aborted).toBe(true);
    await until(() => s.closed === 1);
    const pre = await failure(p.post("sendTransaction", body(), { signal: AbortSignal.abort() }));
    expect(pre.details.aborted).toBe(true);
    await Bun.sleep(20);
    expect(s.requests.length).toBe(1);
  });

  test("the server closing an idle socket: reconnected in the background, the send does not fail", async () => {
    const s = server((sock, req) => {
      sock.write(okJson(req.body));
      setTimeout(() => sock.end(), 10); // idle close, no Connection: close header
    });
    const p = poster({ url: s.url });
    await p.post("sendTransaction", body());
    await until(() => s.closed === 1);
    // The client has seen the close and opened its replacement (the server's FIN may reach it after
    // s.closed counts it: until then the old socket still looks open).
    await until(() => p.stats().connects === 2 && p.stats().open === 1);
    expect(await p.post("sendTransaction", body())).toBe("sig");
    expect(p.stats().retries).toBe(0);
    expect(s.opened).toBe(2);
  });

  test("retry once on a fresh socket when the socket died before any response byte", async () => {
    const s = server((sock, req, i) => (i === 0 ? sock.terminate() : sock.write(okJson(req.body))));
    const p = poster({ url: s.url });
    await p.warm();
    expect(await p.post("sendTransaction", body())).toBe("sig");
    expect(p.stats().retries).toBe(1);
    expect(s.requests.map((r) => r.body)).toEqual([body(), body()]);
  });

  test("only once: a second death before any byte fails transient; no retry after a response byte", async () => {
    const dead = server((sock) => sock.terminate());
    const p = poster({ url: dead.url + SECRET });
    const e = await failure(p.post("sendTransaction", body()));
    expect(e.kind).toBe("transient");
    expect(e.message).toBe("sendTransaction: connection closed before a response");
    expect(dead.requests.length).toBe(2);
    expect(leaks(e)).toBe(false);

    const half = server((sock) => {
      sock.write("HTTP/1.1 200 OK\r\nContent-Len");
      sock.flush();
      setTimeout(() => sock.terminate(), 5);
    });
    const q = poster({ url: half.url });
    const e2 = await failure(q.post("sendTransaction", body()));
    expect(e2.message).toBe("sendTransaction: connection closed mid-response");
    expect(half.requests.length).toBe(1);
  });

  test("garbage answers are transient and drop the socket", async () => {
    const s = server((sock, _req, i) => sock.write(i === 0 ? "SSH-2.0-OpenSSH\r\n\r\n" : "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{nope"));
    const p = poster({ url: s.url + SECRET });
    const e = await failure(p.post("sendTransaction", body()));
    expect(e.kind).toBe("transient");
    expect(e.message).toStartWith("sendTransaction: malformed HTTP response");
    expect(leaks(e)).toBe(false);
    await until(() => s.closed === 1);
    const e2 = await failure(p.post("sendTransaction", body()));
    expect(e2.message).toBe("sendTransaction: response is not JSON");
  });

  test("connection refused fails fast (transient), without the URL", async () => {
    const s = rawServer(() => {});
    const port = s.port;
    s.stop();
    const p = poster({ url: `http://127.0.0.1:${port}${SECRET}`, timeoutMs: 5_000 });
    const t0 = performance.now();
    const e = await failure(p.post("sendTransaction", body()));
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(e.kind).toBe("transient");
    expect(e.message).toBe("sendTransaction: connect failed");
    expect(leaks(e)).toBe(false);
    expect((await failure(p.warm())).kind).toBe("transient");
  });

  test("a partial write is finished on drain (a body larger than the socket buffer)", async () => {
    const s = server((sock, req) => sock.write(okJson(req.body, req.body.length)));
    const p = poster({ url: s.url, timeoutMs: 10_000 });
    await p.warm();
    const big = JSON.stringify({ jsonrpc: "2.0", id: "big", method: "sendTransaction", params: ["A".repeat(8 << 20)] });
    expect(await p.post<number>("sendTransaction", big)).toBe(big.length);
    expect(p.stats().partialWrites).toBeGreaterThanOrEqual(1); // one per write the kernel took in part: the drain may split the rest again
  });

  test("close() rejects in-flight and queued requests and every later post", async () => {
    const s = server(() => {});
    const p = createKeepAlivePoster({ url: s.url + SECRET, maxConnections: 1 });
    await p.warm();
    const a = failure(p.post("sendTransaction", body("a")));
    const b = failure(p.post("sendTransaction", body("b")));
    p.close();
    for (const e of [await a, await b, await failure(p.post("sendTransaction", body()))]) {
      expect(e.kind).toBe("transient");
      expect(e.message).toBe("sendTransaction: poster closed");
      expect(leaks(e)).toBe(false);
    }
    await until(() => s.closed === 1);
  });

  test("https through Bun.connect tls (a self-signed loopback cert; system CAs refuse it)", async () => {
    const srv = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { key: TEST_KEY, cert: TEST_CERT }, fetch: async (r) => new Response(okJson(await r.text()).split("\r\n\r\n")[1]) });
    cleanups.push(() => srv.stop(true));
    const url = `https://127.0.0.1:${srv.port}${SECRET}`;
    const p = poster({ url, tls: { ca: TEST_CERT } });
    expect(await p.post("sendTransaction", body())).toBe("sig");
    expect(await p.post("sendTransaction", body())).toBe("sig");
    expect(p.stats().connects).toBe(1);
    const strict = poster({ url });
    const e = await failure(strict.post("sendTransaction", body()));
    expect(e.kind).toBe("transient");
    expect(leaks(e)).toBe(false);
  });
});

// ---- parity with HttpRpcClient.sendRawBase64 ------------------------------------------------------------

describe("error mapping parity with http-client", () => {
  const answers: Array<[string, () => Response]> = [
    ["success", () => Response.json({ jsonrpc: "2.0", id: "x", result: "5igS" })],
    ["429 with Retry-After", () => new Response("slow down", { status: 429, headers: { "retry-after": "2" } })],
    ["503", () => new Response("boom", { status: 503 })],
    ["404", () => new Response("no", { status: 404 })],
    ["-32002 preflight with err and logs", () => Response.json({ jsonrpc: "2.0", id: "x", error: { code: -32002, message: "Transaction simulation failed: Blockhash not found", data: { err: "BlockhashNotFound", logs: ["Program log: x", 7] } } })],
    ["-32002 instruction error", () => Response.json({ jsonrpc: "2.0", id: "x", error: { code: -32002, message: "Transaction simulation failed", data: { err: { InstructionError: [3, { Custom: 6042 }] }, logs: [] } } })],
    ["-32005 node behind (transient)", () => Response.json({ jsonrpc: "2.0", id: "x", error: { code: -32005, message: "Node is behind" } })],
    ["-32602 invalid params", () => Response.json({ jsonrpc: "2.0", id: "x", error: { code: -32602, message: "invalid transaction" } })],
    ["not JSON", () => new Response("<html>")],
    ["JSON null", () => new Response("null")],
    ["neither result nor error", () => Response.json({ jsonrpc: "2.0", id: "x" })],
    ["chunked success", () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"jsonrpc":"2.0","id":"x",')); c.enqueue(new TextEncoder().encode('"result":"chunk"}')); c.close(); } }))],
  ];
  test.each(answers)("%s maps the same", async (_name, answer) => {
    const srv = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => answer() });
    cleanups.push(() => srv.stop(true));
    const url = `http://127.0.0.1:${srv.port}${SECRET}`;
    const viaFetch = await createHttpRpcClient({ endpoints: [url] }).sendRawBase64("QUJD", { retry: false }).then((r) => ({ r }), (e: SniperError) => ({ e: e.toJSON() }));
    const p = poster({ url });
    const viaPoster = await p.post("sendTransaction", body()).then((r) => ({ r }), (e: SniperError) => ({ e: e.toJSON() }));
    expect(viaPoster).toEqual(viaFetch);
    expect(JSON.stringify(viaPoster)).not.toContain("SECRETKEY");
  });
});

// ---- senders ----------------------------------------------------------------------------------------

describe("raw rpc sender", () => {
  test("posts exactly http-client's sendTransaction body (ids aside)", async () => {
    const bodies: string[] = [];
    const srv = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (r) => {
      const t = await r.text();
      bodies.push(t);
      return Response.json({ jsonrpc: "2.0", id: idOf(t), result: "sig" });
    } });
    cleanups.push(() => srv.stop(true));
    const url = `http://127.0.0.1:${srv.port}`;
    await createHttpRpcClient({ endpoints: [url] }).sendRawBase64("AQID+/==", { skipPreflight: true, maxRetries: 0 });
    const s = rawRpcSender(poster({ url }));
    await s.send({ base64: "AQID+/==", signature: "sig" });
    const [a, b] = bodies.map((x) => x.replace(/"id":"[^"]*"/, '"id":"_"'));
    expect(b).toBe(a!);
    expect(s.name).toBe("rpc#0");
  });

  test("retries transient failures up to maxAttempts, never a rejection", async () => {
    let n = 0;
    const srv = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (r) => {
      const id = idOf(await r.text());
      n++;
      if (n === 1) return new Response("busy", { status: 503 });
      if (n === 2) return Response.json({ jsonrpc: "2.0", id, result: "sig" });
      return Response.json({ jsonrpc: "2.0", id, error: { code: -32002, message: "Transaction simulation failed", data: { err: "BlockhashNotFound", logs: [] } } });
    } });
    cleanups.push(() => srv.stop(true));
    const s = rawRpcSender(poster({ url: `http://127.0.0.1:${srv.port}` }), { maxAttempts: 3 });
    await s.send({ base64: "QUJD", signature: "x" });
    expect(n).toBe(2);
    const e = await failure(s.send({ base64: "QUJD", signature: "x" }));
    expect(e.kind).toBe("rejected");
    expect(e.details.err).toBe("BlockhashNotFound");
    expect(n).toBe(3);
  });

  test("rpcSenders with urls: one keep-alive sender per URL, fanOut sends, closeSenders closes the pools", async () => {
    const s1 = server((sock, req) => sock.write(okJson(req.body)));
    const s2 = server(() => {});
    const rpc = createHttpRpcClient({ endpoints: [s1.url, s2.url] });
    const senders = rpcSenders(rpc, { urls: [s1.url, s2.url], timeoutMs: 200 });
    expect(senders.map((x) => x.name)).toEqual(["rpc#0", "rpc#1"]);
    expect((await fanOut(senders, { base64: "QUJD", signature: "s" })).acceptedBy).toBe("rpc#0");
    closeSenders(senders);
    await until(() => s1.closed === 1 && s2.closed === 1);
    const e = await failure(senders[0]!.send({ base64: "QUJD", signature: "s" }));
    expect(e.message).toBe("sendTransaction: poster closed");
    expect(e.details.aborted).toBe(true); // not retried by the sender
    // Without urls: the fetch senders as before (nothing to close).
    expect(rpcSenders(rpc).map((x) => [x.name, x.close])).toEqual([["rpc#0", undefined], ["rpc#1", undefined]]);
  });

  test("a burst of sends (a sell-all of hundreds of positions) is queued, not refused", async () => {
    const s = server((sock, req) => setTimeout(() => sock.write(okJson(req.body)), 1));
    const senders = rpcSenders(createHttpRpcClient({ endpoints: [s.url] }), { urls: [s.url], timeoutMs: 5_000, maxAttempts: 1 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 600 }, (_, i) => senders[0]!.send({ base64: "QUJD", signature: `s${i}` })));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(s.requests.length).toBe(600);
    } finally {
      closeSenders(senders);
    }
  });

  test("the bundle sender posts through a poster too", async () => {
    const s = server((sock, req) => sock.write(okJson(req.body, "bundle-id")));
    const b = bundleSender(poster({ url: s.url }), { name: "jito" });
    await b.send({ base64: "QUJD", signature: "s" });
    expect(JSON.parse(s.requests[0]!.body)).toMatchObject({ method: "sendBundle", params: [["QUJD"], { encoding: "base64" }] });
    expect(typeof b.close).toBe("function");
  });
});

describe("the executor over keep-alive senders", () => {
  test("a buy is sent through the poster (not fetch) and lands on the simulated cluster", async () => {
    const c = await cluster();
    try {
      const signer = fundedWallet(c);
      const senders = rpcSenders(createHttpRpcClient({ endpoints: [c.httpUrl] }), { urls: [c.httpUrl] });
      const { ex, outcomes, ac, methods } = await startExecutor(c, { signer, senders });
      try {
        const res = ex.buy(launch(c));
        expect(res.ok).toBe(true);
        await untilLong(() => outcomes.length === 1, 8_000, "outcome");
        expect(outcomes[0]!.type).toBe("order.confirmed");
        expect(landed(c, signer.address).length).toBe(1);
        expect(methods).not.toContain("sendTransaction"); // the fetch client carried no send
      } finally {
        ac.abort();
        closeSenders(senders);
      }
    } finally {
      await c.stop();
    }
  });
});

const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7bL8Tam5UYElzpRa
7BRdZlMHQdqIrWE5Jc4uw+5cI5qhRANCAAQ/AjSnqq6FSgWBTUDxzZCH8Da/9J/x
jyR+tYXS5HWcPCHJsu+d3YKM7OTwZuefC/w5dyTaFMGYvJzxKBd206yw
-----END PRIVATE KEY-----
`;
// Self-signed for localhost / 127.0.0.1, valid until 2126 (test fixture only).
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIURG3aUnC01qLbmfxAi2Q0ajAWUjMwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyOTAzNDg1NFoYDzIxMjYxMTA1
MDM0ODU0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ/AjSnqq6FSgWBTUDxzZCH8Da/9J/xjyR+tYXS5HWcPCHJsu+d3YKM
7OTwZuefC/w5dyTaFMGYvJzxKBd206ywo28wbTAdBgNVHQ4EFgQU6Suzh5Gy8xMb
jrYozOWJ9LVBqhwwHwYDVR0jBBgwFoAU6Suzh5Gy8xMbjrYozOWJ9LVBqhwwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSQAwRgIhAPKgkLFmoM0xjIo/r/B5v85SX3ISSeLnP6OuRmBa29paAiEA
pP9vY/vrQRq1J2UrtofcDJGFE13ARZuMXDyqWy175+A=
-----END CERTIFICATE-----
`;
