import { afterEach, describe, expect, test } from "bun:test";
import { createSendRehearsal, startSendSink, type SendRehearsal, type SendSink } from "../../src/executor/send-rehearsal.ts";
import { sendTransactionBody } from "../../src/executor/senders.ts";
import { until } from "./helpers.ts";

/** A raw client socket to `url` that collects what it reads. */
async function rawClient(url: string): Promise<{ write(s: string | Uint8Array): void; text(): string; closed(): boolean; end(): void }> {
  let text = "";
  let closed = false;
  const port = Number(new URL(url).port);
  const s = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, chunk) {
        text += chunk.toString("latin1");
      },
      close() {
        closed = true;
      },
    },
  });
  return { write: (x) => void s.write(x), text: () => text, closed: () => closed, end: () => s.end() };
}

const request = (body: string, head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`): string => head + body;
const answers = (text: string): number => text.split("HTTP/1.1 200 OK").length - 1;

describe("the warm-up's send rehearsal", () => {
  const open: (SendSink | SendRehearsal)[] = [];
  afterEach(() => {
    for (const x of open.splice(0)) "close" in x ? x.close() : x.stop();
  });

  test("the sink listens on 127.0.0.1 only and answers each Content-Length-framed request once, however the bytes arrive", async () => {
    const sink = startSendSink();
    open.push(sink);
    expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const c = await rawClient(sink.url);
    const one = request(sendTransactionBody("QUJD", "1"));
    // Two requests in one write, then one split across three writes.
    c.write(one + one);
    await until(() => answers(c.text()) === 2, 2_000, "two answers");
    c.write(one.slice(0, 10));
    await Bun.sleep(5);
    c.write(one.slice(10, one.indexOf("\r\n\r\n") + 6));
    await Bun.sleep(5);
    expect(answers(c.text())).toBe(2);
    c.write(one.slice(one.indexOf("\r\n\r\n") + 6));
    await until(() => answers(c.text()) === 3, 2_000, "the third answer");
    expect(sink.answered).toBe(3);
    // The answer is a JSON-RPC result the senders accept.
    const last = c.text().slice(c.text().lastIndexOf("\r\n\r\n") + 4);
    expect(JSON.parse(last)).toEqual({ jsonrpc: "2.0", id: "rehearsal", result: "rehearsal" });
    expect(sink.refused).toBe(0);
    c.end();
  });

  test("a request without Content-Length, with an oversized body or an endless head closes its connection, counted; the sink keeps serving", async () => {
    const sink = startSendSink();
    open.push(sink);
    const noLength = await rawClient(sink.url);
    noLength.write("POST / HTTP/1.1\r\nHost: x\r\n\r\n{}");
    await until(() => noLength.closed(), 2_000, "the close");
    const huge = await rawClient(sink.url);
    huge.write("POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n");
    await until(() => huge.closed(), 2_000, "the close");
    const endless = await rawClient(sink.url);
    endless.write("POST / HTTP/1.1\r\nX: " + "a".repeat(20_000));
    await until(() => endless.closed(), 2_000, "the close");
    expect(sink.refused).toBe(3);
    expect(sink.answered).toBe(0);
    const ok = await rawClient(sink.url);
    ok.write(request("{}"));
    await until(() => answers(ok.text()) === 1, 2_000, "an answer");
    ok.end();
  });

  test("each send posts to the sink through a keep-alive sender (one socket); a failure is counted and only the first reported", async () => {
    const errors: unknown[] = [];
    const r = createSendRehearsal(new AbortController().signal, (e) => errors.push(e));
    open.push(r);
    for (let i = 0; i < 50; i++) {
      r.send({ base64: "QUJD", signature: `sig${i}` });
      await until(() => r.sink.answered === i + 1, 2_000, `answer ${i + 1}`);
    }
    expect(r.failures).toBe(0);
    expect(errors).toEqual([]);
    // The sink gone: the posts fail, each is counted, the first one alone is reported.
    r.sink.stop();
    for (let i = 0; i < 3; i++) {
      r.send({ base64: "QUJD", signature: "after" });
      await until(() => r.failures === i + 1, 3_000, `failure ${i + 1}`);
    }
    expect(errors).toHaveLength(1);
  });

  test("more posts than the sender's bound at once are refused at once and counted (nothing waits unboundedly)", async () => {
    const r = createSendRehearsal(new AbortController().signal);
    open.push(r);
    // One socket in flight + 4 queued: of 20 posts in one turn, 15 are refused.
    for (let i = 0; i < 20; i++) r.send({ base64: "QUJD", signature: `s${i}` });
    await until(() => r.sink.answered + r.failures === 20, 3_000, "every post settled");
    expect(r.sink.answered).toBe(5);
    expect(r.failures).toBe(15);
  });

  test("an aborted signal stops the posts; a failure after the abort is not reported", async () => {
    const errors: unknown[] = [];
    const ac = new AbortController();
    const r = createSendRehearsal(ac.signal, (e) => errors.push(e));
    open.push(r);
    ac.abort();
    r.send({ base64: "QUJD", signature: "x" });
    await until(() => r.failures === 1, 2_000, "the failure");
    expect(r.sink.answered).toBe(0);
    expect(errors).toEqual([]);
  });
});
