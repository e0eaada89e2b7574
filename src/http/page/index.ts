/** The status page feature: `GET /` (server-rendered) and `GET /assets/app.js` (the one client script). */
import { Hono } from "hono";
import type { UiStore } from "../../ui/state.ts";
import { APP_JS } from "./assets.ts";
import { renderPage } from "./render.ts";

export { STYLE_HASH } from "./assets.ts";
export { html, raw, escapeHtml, SafeHtml } from "./html.ts";
export { renderPage } from "./render.ts";

/** Routes of the page. */
export function pageRoutes(store: UiStore): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(renderPage(store.get()));
  });
  app.get("/assets/app.js", (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "no-cache");
    return c.body(APP_JS);
  });
  return app;
}
