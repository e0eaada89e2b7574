import { describe, expect, test } from "bun:test";
import { attributeNames, select } from "./dom.ts";
import { escapeHtml, html, raw } from "../../src/http/page/html.ts";
import { HOSTILE, HOSTILE_SYMBOL } from "../ui/helpers.ts";
import { fullApp, TOKEN } from "./helpers.ts";

function expectSecurityHeaders(res: Response, what: string): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).not.toContain("unsafe-inline");
  expect(csp, what).not.toContain("unsafe-eval");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(res.headers.get("referrer-policy"), what).toBe("no-referrer");
}

async function readSome(res: Response, until: (text: string) => boolean): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  while (!until(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value);
  }
  await reader.cancel();
  return text;
}

describe("security headers on every response", () => {
  test("page, assets, API, metrics, control 401/403, 404, 400, 500, SSE", async () => {
    const { app } = fullApp({ summary: () => { throw new Error("boom"); } });
    const requests: [string, RequestInit?][] = [
      ["/"],
      ["/assets/app.js"],
      ["/healthz"],
      ["/readyz"],
      ["/api/status"],
      ["/api/positions"],
      ["/api/trades"],
      ["/api/alerts"],
      ["/api/actors"],
      ["/api/logs"],
      ["/api/export?format=csv"],
      ["/api/export?format=bad"],
      ["/api/summary"],
      ["/metrics"],
      ["/api/control/pause", { method: "POST" }],
      ["/api/control/pause", { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } }],
      ["/no/such/page"],
    ];
    const statuses: number[] = [];
    for (const [path, init] of requests) {
      const res = await app.request(path, init);
      statuses.push(res.status);
      expectSecurityHeaders(res, path);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 400, 500, 200, 401, 200, 404]);
    const { app: disabled } = fullApp({ control: {} });
    const forbidden = await disabled.request("/api/control/pause", { method: "POST" });
    expect(forbidden.status).toBe(403);
    expectSecurityHeaders(forbidden, "403");
    const controller = new AbortController();
    const sse = await app.request("/api/stream", { signal: controller.signal });
    expectSecurityHeaders(sse, "sse");
    controller.abort();
    await sse.body?.cancel();
  });
});

describe("hostile names", () => {
  test("the html tag escapes every value unless marked safe", () => {
    expect(html`<td>${HOSTILE}</td>`.value).toBe("<td>&lt;img src=x onerror=alert(1)&gt;</td>");
    expect(html`<a title="${HOSTILE_SYMBOL}">`.value).toBe('<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">');
    expect(html`${[HOSTILE, html`<b>${"&"}</b>`]}`.value).toBe("&lt;img src=x onerror=alert(1)&gt;<b>&amp;</b>");
    expect(html`${raw("<hr>")}${null}${undefined}${false}${0}`.value).toBe("<hr>0");
    expect(escapeHtml("`")).toBe("&#96;");
  });

  test("the page shows hostile names as text, never as markup, and has no inline script", async () => {
    const { app, ui } = fullApp();
    const res = await app.request("/");
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).not.toContain("<img");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("onerror=alert(1)>");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // The only script element is the external one; no event-handler attributes anywhere.
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script src="/assets/app.js" defer>']);
    expect([...(await attributeNames(page))].filter((n) => n.startsWith("on"))).toEqual([]);
    // Parsed as a browser would: the hostile strings are text nodes in the right rows.
    expect((await select(page, "img")).count).toBe(0);
    expect((await select(page, "script")).count).toBe(1);
    const row = await select(page, `#positions-body tr[data-mint="${ui.positionMint}"]`);
    expect(row.count).toBe(1);
    expect(row.text).toContain(HOSTILE);
    expect(row.text).toContain(HOSTILE_SYMBOL);
    expect((await select(page, "#feed-body tr")).count).toBe(2);
    for (const id of ["positions", "trades", "alerts", "feed", "actors", "logs", "pnl-chart", "status", "mode", "wallet", "balance", "endpoints", "connection"]) {
      expect(page).toContain(`data-testid="${id}"`);
    }
  });

  test("SSE payloads carry hostile names with markup characters escaped", async () => {
    const { app } = fullApp();
    const controller = new AbortController();
    const res = await app.request("/api/stream", { signal: controller.signal });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await readSome(res, (t) => t.includes("event: logs"));
    controller.abort();
    expect(text).toContain("event: positions");
    expect(text).not.toContain("<");
    expect(text).not.toContain(">");
    const data = text.split("\n").filter((l) => l.startsWith("data: "));
    const names = data.map((l) => JSON.stringify(JSON.parse(l.slice(6)))).join("\n");
    expect(names).toContain(HOSTILE); // same value once parsed
  });

  test("the client script never writes HTML from data and never evaluates strings", async () => {
    const { app } = fullApp();
    const js = await (await app.request("/assets/app.js")).text();
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|setTimeout\("/);
    expect(js).toContain("textContent");
    expect(js).toContain('new EventSource("/api/stream")');
  });
});

describe("CSP allows exactly the page's inline stylesheet", () => {
  test("style-src carries the sha256 of the <style> element's content", async () => {
    const { app } = fullApp();
    const res = await app.request("/");
    const page = await res.text();
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
    const hash = new Bun.CryptoHasher("sha256").update(css).digest("base64");
    expect(res.headers.get("content-security-policy")).toContain(`style-src 'self' 'sha256-${hash}'`);
    expect((await select(page, "[style]")).count).toBe(0); // no style attributes (they would need 'unsafe-inline')
  });
});

describe("no secret in any response", () => {
  test("the control token appears nowhere, whatever is asked", async () => {
    const { app } = fullApp();
    const paths = ["/", "/api/status", "/api/state", "/api/logs", "/api/actors", "/metrics", "/assets/app.js", `/api/export?token=${TOKEN}`];
    for (const path of paths) {
      const text = await (await app.request(path)).text();
      expect(text, path).not.toContain(TOKEN);
    }
  });
});

describe("DNS rebinding guard", () => {
  test("with allowedHosts, other Host headers get 403 (with security headers)", async () => {
    const { app } = fullApp({ allowedHosts: ["127.0.0.1", "localhost", "::1"] });
    for (const host of ["127.0.0.1:8787", "localhost", "[::1]:8787"]) {
      expect((await app.request("http://x/healthz", { headers: { host } })).status, host).toBe(200);
    }
    const res = await app.request("http://evil.example/api/status", { headers: { host: "evil.example:8787" } });
    expect(res.status).toBe(403);
    expectSecurityHeaders(res, "403 host");
  });
});
