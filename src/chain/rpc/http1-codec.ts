/**
 * The HTTP/1.1 wire format of the keep-alive poster (./keepalive-poster.ts). Requests: the head is built
 * once per URL and a request is ONE pre-encoded buffer (head + body). Responses: an incremental parser; bytes arrive
 * in any split; status line, headers (names case-insensitive), Content-Length and chunked bodies, bodies
 * delimited by the close, 1xx interim responses skipped. Anything else is garbage: it throws, and the
 * caller drops the socket. Heads and bodies are bounded (a broken or hostile peer cannot grow memory).
 */
import { SniperError } from "../../errors.ts";

/** One complete response. */
export interface Http1Response {
  status: number;
  /** Header values by lower-case name (repeated headers joined with ", "). */
  headers: Map<string, string>;
  body: Buffer;
  /** False when the socket must not carry another request (Connection: close, HTTP/1.0, body until close). */
  keepAlive: boolean;
}

const encoder = new TextEncoder();

/** Where a poster connects, and its request head up to `Content-Length: ` (the length and blank line follow). */
export interface Http1Target {
  https: boolean;
  hostname: string;
  port: number;
  prefix: Uint8Array;
}

/**
 * Parses an http(s) URL into a target with its request head `POST <path?query> HTTP/1.1`, `Host`,
 * `Content-Type: application/json`, `headers`, `Content-Length: `. Errors name the endpoint by index only.
 */
export function parseTarget(url: string, endpoint: number, headers: Record<string, string> = {}): Http1Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SniperError("config", `keep-alive poster: endpoint ${endpoint} is not a URL`, { endpoint });
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new SniperError("config", `keep-alive poster: endpoint ${endpoint} is not http(s)`, { endpoint });
  const https = u.protocol === "https:";
  const extra: Record<string, string> = { ...headers };
  if (u.username || u.password) extra.Authorization = "Basic " + btoa(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`);
  let head = `POST ${u.pathname || "/"}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\n`;
  for (const [k, v] of Object.entries(extra)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || /[\r\n]/.test(v)) throw new SniperError("config", `keep-alive poster: bad header for endpoint ${endpoint}`, { endpoint });
    head += `${k}: ${v}\r\n`;
  }
  head += "Content-Length: ";
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  return { https, hostname, port: u.port ? Number(u.port) : https ? 443 : 80, prefix: encoder.encode(head) };
}

/** One request as one buffer: the target's head, the body's byte length, a blank line, the UTF-8 body. */
export function encodeRequest(target: Http1Target, body: string): Uint8Array {
  const n = Buffer.byteLength(body);
  const mid = `${n}\r\n\r\n`;
  const prefix = target.prefix;
  const out = Buffer.allocUnsafe(prefix.length + mid.length + n); // every byte is written below
  out.set(prefix, 0);
  const o = prefix.length + out.write(mid, prefix.length, "latin1");
  out.write(body, o, "utf8");
  return out;
}

const enum Phase { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, UntilClose }
const MAX_HEAD = 16 * 1024;
const EMPTY = Buffer.alloc(0);

/** Parses the responses of one connection, one after another (no pipelining: one at a time). */
export class Http1ResponseParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private phase = Phase.Head;
  private remaining = 0;
  private parts: Buffer[] = [];
  private size = 0;
  private status = 0;
  private headers = new Map<string, string>();
  private keepAlive = true;

  /** `maxBody`: the largest body accepted (bytes). */
  constructor(private readonly maxBody = 1 << 20) {}

  /** Bytes received and not yet consumed (left over after a finished response: the peer sent extra). */
  get buffered(): number {
    return this.buf.length - this.pos;
  }

  /** Feeds bytes; returns the response once complete, undefined while more is needed; throws on garbage. */
  push(chunk: Uint8Array): Http1Response | undefined {
    const rest = this.buf.length - this.pos;
    this.buf = rest === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf.subarray(this.pos), chunk]);
    this.pos = 0;
    for (;;) {
      const avail = this.buf.length - this.pos;
      switch (this.phase) {
        case Phase.Head: {
          const end = this.buf.indexOf("\r\n\r\n", this.pos, "latin1");
          if (end < 0) {
            if (avail > MAX_HEAD) throw new Error("response head too long");
            return undefined;
          }
          this.head(this.buf.toString("latin1", this.pos, end));
          this.pos = end + 4;
          if ((this.phase as Phase) === Phase.Body && this.remaining === 0) return this.finish(); // head() set it
          break;
        }
        case Phase.Body:
        case Phase.ChunkData:
        case Phase.UntilClose: {
          const n = this.phase === Phase.UntilClose ? avail : Math.min(avail, this.remaining);
          if (n > 0) this.take(n);
          if (this.phase === Phase.UntilClose) return undefined;
          if (this.remaining > 0) return undefined;
          if (this.phase === Phase.Body) return this.finish();
          this.phase = Phase.ChunkEnd;
          break;
        }
        case Phase.ChunkEnd:
          if (avail < 2) return undefined;
          if (this.buf[this.pos] !== 13 || this.buf[this.pos + 1] !== 10) throw new Error("chunk not followed by CRLF");
          this.pos += 2;
          this.phase = Phase.ChunkSize;
          break;
        case Phase.ChunkSize:
        case Phase.Trailers: {
          const eol = this.buf.indexOf("\r\n", this.pos, "latin1");
          if (eol < 0) {
            if (avail > 4096) throw new Error("chunk line too long");
            return undefined;
          }
          const line = this.buf.toString("latin1", this.pos, eol);
          this.pos = eol + 2;
          if (this.phase === Phase.Trailers) {
            if (line === "") return this.finish();
            break;
          }
          const hex = line.split(";", 1)[0]!.trim();
          if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new Error("bad chunk size");
          this.remaining = parseInt(hex, 16);
          if (this.size + this.remaining > this.maxBody) throw new Error("response body too large");
          this.phase = this.remaining === 0 ? Phase.Trailers : Phase.ChunkData;
          break;
        }
      }
    }
  }

  /** The peer closed: the response if its body ran until the close, else undefined (it was cut short). */
  end(): Http1Response | undefined {
    return this.phase === Phase.UntilClose ? this.finish() : undefined;
  }

  private head(text: string): void {
    const lines = text.split("\r\n");
    const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]!);
    if (!m) throw new Error("not an HTTP/1.x status line");
    const status = Number(m[2]);
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) throw new Error("malformed header line");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const prev = headers.get(name);
      headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
    if (status >= 100 && status < 200) return; // interim (100 Continue, 103 ...): the real response follows
    const conn = (headers.get("connection") ?? "").toLowerCase();
    this.keepAlive = m[1] === "1" ? !/(^|,)\s*close\s*(,|$)/.test(conn) : /(^|,)\s*keep-alive\s*(,|$)/.test(conn);
    this.status = status;
    this.headers = headers;
    const te = headers.get("transfer-encoding")?.toLowerCase();
    const cl = headers.get("content-length");
    if (status === 204 || status === 304) {
      this.phase = Phase.Body;
      this.remaining = 0;
    } else if (te !== undefined) {
      if (!/(^|,)\s*chunked\s*$/.test(te)) throw new Error("unsupported transfer-encoding");
      if (cl !== undefined) this.keepAlive = false; // both framings: read it as chunked, never reuse the socket
      this.phase = Phase.ChunkSize;
    } else if (cl !== undefined) {
      const values = new Set(cl.split(",").map((v) => v.trim()));
      const v = [...values][0]!;
      if (values.size !== 1 || !/^\d{1,10}$/.test(v)) throw new Error("bad content-length");
      this.remaining = Number(v);
      if (this.remaining > this.maxBody) throw new Error("response body too large");
      this.phase = Phase.Body;
    } else {
      this.keepAlive = false;
      this.phase = Phase.UntilClose;
    }
  }

  private take(n: number): void {
    if (this.phase === Phase.UntilClose && this.size + n > this.maxBody) throw new Error("response body too large");
    this.parts.push(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    this.size += n;
    this.remaining -= n;
  }

  private finish(): Http1Response {
    const body = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const res: Http1Response = { status: this.status, headers: this.headers, body, keepAlive: this.keepAlive };
    this.parts = [];
    this.size = 0;
    this.remaining = 0;
    this.phase = Phase.Head;
    this.headers = new Map();
    this.keepAlive = true;
    if (this.pos >= this.buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
    return res;
  }
}
