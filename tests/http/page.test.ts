import { describe, expect, test } from "bun:test";
import { APP_JS } from "../../src/http/page/assets.ts";
import { renderPage } from "../../src/http/page/render.ts";
import { safeJson } from "../../src/ui/json.ts";
import { emptyUiState, UI_SECTIONS } from "../../src/ui/state.ts";
import { HOSTILE, HOSTILE_SYMBOL } from "../ui/helpers.ts";
import { select } from "./dom.ts";
import { populatedUi } from "./helpers.ts";

/** Just enough DOM for the client script: elements by id, createElement, text nodes, attributes. */
class FakeNode {
  children: FakeNode[] = [];
  attrs = new Map<string, string>();
  private own = "";
  constructor(readonly tag: string) {}
  get textContent(): string {
    return this.own + this.children.map((c) => c.textContent).join("");
  }
  set textContent(v: string) {
    this.children = [];
    this.own = v;
  }
  setAttribute(k: string, v: string) {
    this.attrs.set(k, v);
  }
  appendChild(c: FakeNode) {
    this.children.push(c);
    return c;
  }
  replaceChildren(...nodes: FakeNode[]) {
    this.own = "";
    this.children = nodes;
  }
  all(): FakeNode[] {
    return [this, ...this.children.flatMap((c) => c.all())];
  }
}

function runClient() {
  const byId = new Map<string, FakeNode>();
  const created: FakeNode[] = [];
  const document = {
    getElementById: (id: string) => byId.get(id) ?? byId.set(id, new FakeNode(`#${id}`)).get(id),
    createElement: (tag: string) => {
      const n = new FakeNode(tag);
      created.push(n);
      return n;
    },
    createTextNode: (t: string) => {
      const n = new FakeNode("#text");
      n.textContent = t;
      return n;
    },
  };
  const sources: { url: string; listeners: Map<string, (ev: { data: string }) => void>; onopen?: () => void }[] = [];
  class FakeEventSource {
    listeners = new Map<string, (ev: { data: string }) => void>();
    readyState = 1;
    onopen?: () => void;
    onerror?: () => void;
    constructor(readonly url: string) {
      sources.push(this);
    }
    addEventListener(name: string, fn: (ev: { data: string }) => void) {
      this.listeners.set(name, fn);
    }
    close() {}
  }
  // The script only reads these globals; it gets no other capability.
  new Function("document", "EventSource", "Node", APP_JS)(document, FakeEventSource, FakeNode);
  return { byId, created, sources };
}

describe("server-rendered page", () => {
  test("renders positions with entry, price, PnL and the distance to each exit rule", async () => {
    const ui = populatedUi();
    const page = renderPage(ui.store.get());
    const row = await select(page, `tr[data-mint="${ui.positionMint}"]`);
    expect(row.text).toContain("take_profit +81.8%");
    expect(row.text).toContain("+10.0%");
    expect((await select(page, "#pnl-line")).count).toBe(1);
    expect(page).toContain('points="300.0,8.0"');
  });

  test("an empty UiState renders every section with no rows", async () => {
    const page = renderPage(emptyUiState("paper"));
    for (const id of ["positions-body", "trades-body", "feed-body", "actors-body"]) expect((await select(page, `#${id} tr`)).count).toBe(0);
    expect((await select(page, "#mode")).text).toBe("paper");
  });
});

describe("client script (against a fake DOM)", () => {
  test("subscribes to /api/stream and renders every section with text nodes only", () => {
    const { byId, created, sources } = runClient();
    expect(sources.map((s) => s.url)).toEqual(["/api/stream"]);
    const source = sources[0]!;
    expect([...source.listeners.keys()].sort()).toEqual([...UI_SECTIONS].sort());
    const ui = populatedUi();
    const state = ui.store.get();
    for (const section of UI_SECTIONS) source.listeners.get(section)!({ data: safeJson(state[section]) });
    source.onopen?.();

    expect(byId.get("conn")?.textContent).toBe("live");
    expect(byId.get("balance")?.textContent).toBe("3.0000");
    const rows = byId.get("positions-body")!.children;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.attrs.get("data-mint")).toBe(ui.positionMint);
    expect(rows[0]!.textContent).toContain(HOSTILE);
    expect(rows[0]!.textContent).toContain(HOSTILE_SYMBOL);
    expect(rows[0]!.textContent).toContain("take_profit +81.8%");
    expect(byId.get("feed-body")!.children.map((r) => r.attrs.get("data-kind"))).toEqual(["decision", "launch"]);
    expect(byId.get("alerts")!.textContent).toContain(`loss on ${HOSTILE}`);
    expect(byId.get("pnl-line")!.attrs.get("points")).toBe("300.0,8.0");
    expect(byId.get("pnl-total")!.textContent).toBe("0.2500");
    expect(byId.get("logs")!.textContent).toContain(HOSTILE);
    // Hostile strings stayed text: no element other than the script's own tags was ever created.
    expect(new Set(created.map((n) => n.tag))).toEqual(new Set(["tr", "td", "small", "span", "li", "b"]));
  });
});
