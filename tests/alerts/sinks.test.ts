import { afterEach, describe, expect, test } from "bun:test";
import {
  DISCORD_COLORS, DISCORD_LIMITS, discordPayload, discordSink, postJson, retryAfterMs, TELEGRAM_TEXT_LIMIT,
  telegramPayload, telegramSink, webhookPayload, webhookSink,
} from "../../src/alerts/index.ts";
import { SniperError } from "../../src/errors.ts";
import { receiver, sampleAlert, stopReceivers } from "./helpers.ts";

afterEach(stopReceivers);

const hostile = "<script>alert(1)</script> & [click](https://evil.example) @everyone **bold**";

describe("Discord body", () => {
  test("field by field", () => {
    const alert = sampleAlert({ severity: "critical", rule: "floor", details: { balanceLamports: "5", symbol: hostile } });
    const body = discordPayload(alert);
    expect(Object.keys(body).sort()).toEqual(["allowed_mentions", "content", "embeds"]);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBe(`**[CRITICAL]** floor: ${alert.message}`);
    expect(body.embeds).toHaveLength(1);
    const [embed] = body.embeds;
    expect(embed.title).toBe("CRITICAL · floor");
    expect(embed.description).toBe(alert.message);
    expect(embed.color).toBe(DISCORD_COLORS.critical);
    expect(embed.timestamp).toBe(new Date(alert.at).toISOString());
    expect(embed.fields[0]).toEqual({ name: "key", value: "global", inline: true });
    expect(embed.fields[1]).toEqual({ name: "balanceLamports", value: "5", inline: true });
    // attacker text: Markdown link and formatting neutralised
    expect(embed.fields[2]?.value).toBe("\\<script\\>alert\\(1\\)\\</script\\> & \\[click\\]\\(https://evil.example\\) @everyone \\*\\*bold\\*\\*");
  });

  test("respects the 2000 / 4096 / 256 / 1024 / 25 / 6000 limits", () => {
    const details = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}${"k".repeat(300)}`, "v".repeat(2000)]));
    const body = discordPayload(sampleAlert({ rule: "r".repeat(500), message: "m".repeat(10_000), details }));
    const [embed] = body.embeds;
    expect(body.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    for (const f of embed.fields) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      expect(f.value.length).toBeGreaterThan(0);
    }
    const total = embed.title.length + embed.description.length + embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(body.content.endsWith("…")).toBe(true);
  });
});

describe("Telegram body", () => {
  test("field by field, HTML-escaped", () => {
    const alert = sampleAlert({ severity: "warn", rule: "moon", message: `price of ${hostile}`, details: { symbol: hostile } });
    const body = telegramPayload(alert, "-1001234");
    expect(Object.keys(body).sort()).toEqual(["chat_id", "disable_web_page_preview", "parse_mode", "text"]);
    expect(body.chat_id).toBe("-1001234");
    expect(body.parse_mode).toBe("HTML");
    expect(body.disable_web_page_preview).toBe(true);
    const escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [click](https://evil.example) @everyone **bold**";
    expect(body.text).toBe(`<b>[WARN] moon</b>\nprice of ${escaped}\n<b>key</b>: <code>global</code>\n<b>symbol</b>: <code>${escaped}</code>`);
    expect(body.text).not.toContain("<script>");
  });

  test("stays within 4096 characters and never cuts an entity", () => {
    const details = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "&".repeat(500)]));
    const body = telegramPayload(sampleAlert({ message: "<".repeat(5000), details }), "1");
    expect(body.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(body.text).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  test("posts to <base>/bot<TOKEN>/sendMessage", async () => {
    const r = receiver();
    const sink = telegramSink("123:ABC", "42", { baseUrl: r.url });
    await sink.send(sampleAlert(), AbortSignal.timeout(2000));
    expect(r.received[0]?.path).toBe("/bot123:ABC/sendMessage");
    expect((r.received[0]?.body as { chat_id: string }).chat_id).toBe("42");
    expect(sink.target).toBe(r.host);
  });
});

describe("webhook and Discord sinks over loopback", () => {
  test("webhook posts the alert as JSON with a text line", async () => {
    const r = receiver();
    const alert = sampleAlert();
    await webhookSink(`${r.url}/hook`).send(alert, AbortSignal.timeout(2000));
    expect(r.received[0]?.body).toEqual(JSON.parse(JSON.stringify(webhookPayload(alert))));
    expect((r.received[0]?.body as { text: string }).text).toBe(`[WARN] balance-floor: ${alert.message}`);
  });

  test("discord posts the Discord body", async () => {
    const r = receiver(() => new Response(null, { status: 204 }));
    const alert = sampleAlert();
    await discordSink(`${r.url}/api/webhooks/1/x`).send(alert, AbortSignal.timeout(2000));
    expect(r.received[0]?.body).toEqual(JSON.parse(JSON.stringify(discordPayload(alert))));
  });
});

describe("postJson classification", () => {
  const kindOf = async (status: number, headers: Record<string, string> = {}, body = "") => {
    const r = receiver(() => new Response(body, { status, headers }));
    try {
      await postJson(`${r.url}/x`, {}, { signal: AbortSignal.timeout(2000) });
      return "ok";
    } catch (e) {
      return `${(e as SniperError).kind}:${(e as SniperError).message}:${(e as SniperError).details.retryAfterMs ?? "-"}`;
    }
  };

  test("2xx ok, 5xx / 408 transient, 429 transient with Retry-After, other 4xx rejected", async () => {
    expect(await kindOf(200)).toBe("ok");
    expect(await kindOf(500)).toMatch(/^transient:HTTP 500 from 127\.0\.0\.1:\d+:-$/);
    expect(await kindOf(408)).toMatch(/^transient:HTTP 408/);
    expect(await kindOf(429, { "retry-after": "2" })).toMatch(/^transient:HTTP 429 .*:2000$/);
    expect(await kindOf(429, {}, JSON.stringify({ ok: false, parameters: { retry_after: 3 } }))).toMatch(/:3000$/);
    expect(await kindOf(404)).toMatch(/^rejected:HTTP 404/);
  });

  test("retryAfterMs reads seconds, HTTP dates and Discord's JSON", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "1.5" }), "", 0)).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), "", 4000)).toBe(6000);
    expect(retryAfterMs(new Headers(), JSON.stringify({ retry_after: 0.25 }), 0)).toBe(250);
    expect(retryAfterMs(new Headers(), "not json", 0)).toBeUndefined();
  });
});
