/**
 * The warm-up's send rehearsal: a sink inside the bot, an HTTP/1.1 server on 127.0.0.1 (a port the
 * kernel picks) that answers every POST with a fixed JSON-RPC result, and a sender that posts there
 * through the same keep-alive poster code as the real endpoint senders. The warm-up posts its throwaway
 * transaction (signed by a throwaway key, for random accounts) to it every SEND_EVERY_PASSES passes
 * (hot-path-warmer.ts), so the send's code stays compiled between launches, as a launch's does not. The
 * sink's address is the only one the rehearsal's sender ever gets: nothing it posts can reach an RPC.
 *
 * Bounds: a request head over 16 KiB or a body over 64 KiB closes that connection (the poster opens
 * another); the rehearsal sender has one socket and queues at most 4 posts (more are refused at once
 * and counted as failures: a pass never waits for an earlier one).
 */
import type { Socket } from "bun";
import { createKeepAlivePoster } from "../chain/rpc/keepalive-poster.ts";
import { fanOut, rawRpcSender, type OutgoingTx, type TxSender } from "./senders.ts";

/** The sink's address and what it has answered. */
export interface SendSink {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Requests answered so far. */
  readonly answered: number;
  /** Connections closed for an oversized or malformed request. */
  readonly refused: number;
  /** Stops listening and closes every connection. */
  stop(): void;
}

const MAX_HEAD = 16 * 1024;
const MAX_BODY = 64 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n");
const RESULT = '{"jsonrpc":"2.0","id":"rehearsal","result":"rehearsal"}';
const RESPONSE = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${RESULT.length}\r\n\r\n${RESULT}`);

/** Starts the sink on 127.0.0.1 (the kernel picks the port); it never keeps the process alive. */
export function startSendSink(): SendSink {
  let answered = 0;
  let refused = 0;
  const refuse = (s: Socket<{ buf: Buffer | undefined }>): void => {
    refused++;
    s.data.buf = undefined;
    s.terminate();
  };
  const listener = Bun.listen<{ buf: Buffer | undefined }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { buf: undefined };
      },
      data(s, chunk) {
        let buf = s.data.buf === undefined ? chunk : Buffer.concat([s.data.buf, chunk]);
        for (;;) {
          const end = buf.indexOf(HEAD_END);
          if (end < 0) {
            if (buf.length > MAX_HEAD) return refuse(s);
            break;
          }
          const length = contentLength(buf.toString("latin1", 0, end));
          if (length === undefined || length > MAX_BODY) return refuse(s);
          const size = end + HEAD_END.length + length;
          if (buf.length < size) break;
          answered++;
          s.write(RESPONSE);
          buf = buf.subarray(size);
        }
        s.data.buf = buf.length === 0 ? undefined : buf;
      },
      error() {},
    },
  });
  listener.unref();
  return {
    url: `http://127.0.0.1:${listener.port}/`,
    get answered() {
      return answered;
    },
    get refused() {
      return refused;
    },
    stop: () => listener.stop(true),
  };
}

/** The Content-Length of a request head, or undefined when it is missing or not a number. */
function contentLength(head: string): number | undefined {
  const m = /\r\ncontent-length:[ \t]*(\d{1,9})[ \t]*(\r\n|$)/i.exec(head);
  return m === null ? undefined : Number(m[1]);
}

/** What the warm-up's send step needs: post a throwaway transaction to the sink; how many posts failed. */
export interface SendRehearsal {
  /** Posts `tx` to the sink the way a real send posts to an endpoint (fan-out, poster, socket write). */
  send(tx: OutgoingTx): void;
  /** Posts the sink did not answer (a failure is counted, never thrown: the warm-up goes on). */
  readonly failures: number;
  readonly sink: SendSink;
  /** The sender `send` posts through (the warm-up's rehearsed buys send through it too: buy-rehearsal.ts). */
  readonly senders: readonly TxSender[];
  /** Closes the sender's socket and stops the sink. */
  close(): void;
}

/** A send rehearsal over a new sink (see the file comment); posts honour `signal`; `onFirstFailure` gets the first failed post. */
export function createSendRehearsal(signal: AbortSignal, onFirstFailure: (e: unknown) => void = () => {}): SendRehearsal {
  const sink = startSendSink();
  const senders: TxSender[] = [rawRpcSender(createKeepAlivePoster({ url: sink.url, name: "rehearsal", timeoutMs: 1_000, maxConnections: 1, maxQueue: 4 }), { maxAttempts: 1, timeoutMs: 1_000 })];
  let failures = 0;
  const failed = (e: unknown): void => {
    if (failures++ === 0 && !signal.aborted) onFirstFailure(e);
  };
  return {
    send(tx) {
      fanOut(senders, tx, signal).catch(failed);
    },
    get failures() {
      return failures;
    },
    sink,
    senders,
    close() {
      for (const s of senders) s.close?.();
      sink.stop();
    },
  };
}
