/**
 * The status page, server-rendered from the UiState. Every data value goes through `html` (escaped);
 * stable ids and `data-testid` attributes let the client script and browser tests find each section.
 */
import type { ActorRow } from "../../runtime/inspection.ts";
import type { LogRecord } from "../../log/ring.ts";
import type { FeedEntry, UiAlert, UiPosition, UiState, UiTrade } from "../../ui/state.ts";
import { STYLE } from "./assets.ts";
import { CHART, chartGeometry } from "./chart.ts";
import { duration, num, pct, short, sol, time } from "./format.ts";
import { html, raw, type SafeHtml } from "./html.ts";

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** Text of one exit-rule distance (shared wording with the client script). */
function exitText(e: UiPosition["exits"][number]): string {
  if (e.msLeft !== null) return `${e.rule} ${duration(e.msLeft)}`;
  return `${e.rule} ${pct(e.distancePct)}`;
}

const sign = (lamports: string | null): string => (lamports === null ? "" : lamports.startsWith("-") ? "neg" : "pos");

function positionRow(p: UiPosition): SafeHtml {
  return html`<tr data-mint="${p.mint}"><td>${p.symbol} <small>${p.name}</small></td><td title="${p.mint}">${short(p.mint)}</td><td>${num(p.entryPrice)}</td><td>${num(p.currentPrice)}</td><td class="${sign(p.pnlLamports)}">${sol(p.pnlLamports)}</td><td class="${sign(p.pnlLamports)}">${pct(p.pnlPct)}</td><td class="exits">${p.exits.map((e) => html`<span class="exit" data-rule="${e.rule}">${exitText(e)}</span>`)}</td><td>${time(p.openedAt)}</td></tr>`;
}

function tradeRow(t: UiTrade): SafeHtml {
  return html`<tr data-mint="${t.mint}" data-position="${t.positionId}"><td>${time(t.closedAt)}</td><td>${t.symbol} <small>${t.name}</small></td><td>${sol(t.costLamports)}</td><td>${sol(t.proceedsLamports)}</td><td class="${sign(t.pnlLamports)}">${sol(t.pnlLamports)}</td><td>${t.exitReason ?? "–"}</td></tr>`;
}

function feedRow(f: FeedEntry): SafeHtml {
  const what = f.kind === "launch" ? "launch" : `${f.action ?? ""}${f.reason ? `: ${f.reason}` : ""}`;
  return html`<tr data-mint="${f.mint}" data-seq="${f.seq}" data-kind="${f.kind}"><td>${time(f.at)}</td><td>${f.symbol} <small>${f.name}</small></td><td title="${f.mint}">${short(f.mint)}</td><td>${what}</td></tr>`;
}

function alertItem(a: UiAlert): SafeHtml {
  return html`<li data-alert="${a.id}" class="sev-${a.severity}"><span>${time(a.at)}</span> <b>${a.severity}</b> <span>${a.rule}</span> <span>${a.message}</span></li>`;
}

function actorRow(a: ActorRow): SafeHtml {
  const state = a.value === null ? "" : JSON.stringify(a.value).slice(0, 120);
  return html`<tr data-actor="${a.id}" data-status="${a.status}"><td>${"· ".repeat(a.depth)}${a.id}</td><td>${state}</td><td>${a.status}</td><td>${a.restarts}</td><td>${a.lastError?.message ?? ""}</td></tr>`;
}

function logItem(r: LogRecord): SafeHtml {
  const level = typeof r.level === "number" ? (LEVELS[r.level] ?? String(r.level)) : "";
  const msg = typeof r.msg === "string" ? r.msg.slice(0, 300) : "";
  return html`<li data-seq="${r.seq}" class="lvl-${level}"><span>${time(r.time)}</span> <b>${level}</b> ${msg}</li>`;
}

/** The whole page for one UiState. */
export function renderPage(state: Readonly<UiState>): string {
  const s = state.status;
  const chart = chartGeometry(state.pnl);
  const total = state.pnl.at(-1)?.cumulativeLamports ?? "0";
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sniper status</title><link rel="icon" href="data:,"><style>${raw(STYLE)}</style><script src="/assets/app.js" defer></script></head>
<body>
<header id="status" data-testid="status">
  <h1>sniper</h1>
  <span>mode <b id="mode" data-testid="mode">${s.mode}</b></span>
  <span>wallet <b id="wallet" data-testid="wallet" title="${s.wallet ?? ""}">${short(s.wallet)}</b></span>
  <span>balance <b id="balance" data-testid="balance">${sol(s.balanceLamports)}</b> SOL</span>
  <span>intake <b id="paused" data-testid="paused">${s.paused ? "paused" : "running"}</b></span>
  <ul id="endpoints" data-testid="endpoints">${s.endpoints.map((e) => html`<li data-endpoint="${e.name}" class="${e.ok ? "ok" : "bad"}">${e.name} ${e.ok ? "ok" : "down"} ${e.latencyMs === null ? "" : `${e.latencyMs}ms`} ${e.error ?? ""}</li>`)}</ul>
  <span id="conn" data-testid="connection">connecting</span>
</header>
<main>
<section data-testid="positions-section"><h2>Positions</h2>
<table id="positions" data-testid="positions"><thead><tr><th>token</th><th>mint</th><th>entry</th><th>price</th><th>PnL SOL</th><th>PnL</th><th>exits</th><th>since</th></tr></thead>
<tbody id="positions-body">${state.positions.map(positionRow)}</tbody></table></section>
<section data-testid="pnl-section"><h2>PnL <span id="pnl-total" data-testid="pnl-total">${sol(total)}</span> SOL</h2>
<svg id="pnl-chart" data-testid="pnl-chart" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-label="cumulative realised PnL">
<line id="pnl-zero" x1="0" x2="${CHART.width}" y1="${chart.zeroY}" y2="${chart.zeroY}"></line>
<polyline id="pnl-line" points="${chart.points}"></polyline></svg></section>
<section data-testid="trades-section"><h2>Recent trades</h2>
<table id="trades" data-testid="trades"><thead><tr><th>closed</th><th>token</th><th>cost</th><th>proceeds</th><th>PnL</th><th>exit</th></tr></thead>
<tbody id="trades-body">${state.trades.map(tradeRow)}</tbody></table></section>
<section data-testid="alerts-section"><h2>Alerts</h2><ul id="alerts" data-testid="alerts">${state.alerts.map(alertItem)}</ul></section>
<section data-testid="feed-section"><h2>Launches and decisions</h2>
<table id="feed" data-testid="feed"><thead><tr><th>time</th><th>token</th><th>mint</th><th>what</th></tr></thead>
<tbody id="feed-body">${state.feed.map(feedRow)}</tbody></table></section>
<section data-testid="actors-section"><h2>Actors</h2>
<table id="actors" data-testid="actors"><thead><tr><th>actor</th><th>state</th><th>status</th><th>restarts</th><th>last error</th></tr></thead>
<tbody id="actors-body">${state.actors.map(actorRow)}</tbody></table></section>
<section data-testid="logs-section"><h2>Logs</h2><ol id="logs" data-testid="logs">${state.logs.slice(-100).map(logItem)}</ol></section>
</main></body></html>`;
  return page.value;
}
