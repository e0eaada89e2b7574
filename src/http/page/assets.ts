/**
 * The page's static assets: the inline stylesheet (allowed by its CSP hash, not by 'unsafe-inline') and
 * the one client script served as /assets/app.js (CSP `script-src 'self'`: no inline script, no eval).
 * The script only ever writes data with textContent / setAttribute, never innerHTML.
 */
import { createHash } from "node:crypto";

/** The page's stylesheet (inline in a <style> element). */
export const STYLE = `
body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#111;color:#ddd}
header{display:flex;flex-wrap:wrap;gap:1em;align-items:center;padding:.5em 1em;background:#1b1b1b;border-bottom:1px solid #333}
h1{font-size:16px;margin:0}h2{font-size:14px;margin:.8em 0 .3em}
main{padding:0 1em 2em}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:2px 6px;border-bottom:1px solid #262626;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:28em}
small{color:#888}.pos{color:#5c5}.neg{color:#e55}.ok{color:#5c5}.bad{color:#e55}
#endpoints{display:flex;gap:1em;list-style:none;margin:0;padding:0}
.exit{margin-right:.8em;white-space:nowrap;display:inline-block}td.exits{max-width:none;white-space:normal}#conn{margin-left:auto;color:#888}
#pnl-chart{width:100%;max-width:600px;height:160px;background:#181818}
#pnl-line{fill:none;stroke:#5c5;stroke-width:1.5}#pnl-zero{stroke:#444}
#alerts,#logs{list-style:none;padding:0;margin:0;max-height:20em;overflow:auto;font-family:ui-monospace,monospace}
.sev-critical,.sev-error,.lvl-error,.lvl-fatal{color:#e55}.sev-warning,.lvl-warn{color:#db4}
`;

/** CSP source for the inline stylesheet. */
export const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

/** The client script. Plain ES5-ish JS kept as a string so the app needs no build step and no file I/O. */
export const APP_JS = String.raw`(function () {
  "use strict";
  var LEVELS = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
  var CHART = { width: 600, height: 160, pad: 8 };
  function $(id) { return document.getElementById(id); }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== null && text !== undefined) e.textContent = String(text);
    if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function sol(l) {
    if (typeof l !== "string" || !/^-?\d+$/.test(l)) return "\u2013";
    var v = BigInt(l), neg = v < 0n, a = neg ? -v : v;
    var frac = ((a % 1000000000n) / 100000n).toString();
    while (frac.length < 4) frac = "0" + frac;
    return (neg ? "-" : "") + (a / 1000000000n).toString() + "." + frac;
  }
  function num(v) { return typeof v === "number" && isFinite(v) ? String(Number(v.toPrecision(4))) : "\u2013"; }
  function pct(v) { return typeof v === "number" && isFinite(v) ? (v >= 0 ? "+" : "") + v.toFixed(1) + "%" : "\u2013"; }
  function time(ms) { return typeof ms === "number" && isFinite(ms) ? new Date(ms).toISOString().slice(11, 19) : "\u2013"; }
  function duration(ms) {
    if (typeof ms !== "number" || !isFinite(ms)) return "\u2013";
    var s = Math.max(0, Math.round(ms / 1000));
    return s >= 60 ? Math.floor(s / 60) + "m " + String(s % 60).padStart(2, "0") + "s" : s + "s";
  }
  function short(a) { return !a ? "\u2013" : a.length > 12 ? a.slice(0, 4) + "\u2026" + a.slice(-4) : a; }
  function sign(l) { return l === null || l === undefined ? "" : String(l).charAt(0) === "-" ? "neg" : "pos"; }
  function tokenCell(symbol, name) { var td = el("td", symbol + " "); td.appendChild(el("small", name)); return td; }
  function row(attrs, cells) {
    var tr = el("tr", null, attrs);
    cells.forEach(function (c) { tr.appendChild(c instanceof Node ? c : el("td", c)); });
    return tr;
  }
  function fill(id, nodes) { var n = $(id); if (n) n.replaceChildren.apply(n, nodes); }
  function text(id, value) { var n = $(id); if (n) n.textContent = value; }
  var render = {
    status: function (s) {
      text("mode", s.mode);
      text("wallet", short(s.wallet));
      var w = $("wallet"); if (w) w.setAttribute("title", s.wallet || "");
      text("balance", sol(s.balanceLamports));
      text("paused", s.paused ? "paused" : "running");
      fill("endpoints", s.endpoints.map(function (e) {
        return el("li", e.name + " " + (e.ok ? "ok" : "down") + " " + (e.latencyMs === null ? "" : e.latencyMs + "ms") + " " + (e.error || ""),
          { "data-endpoint": e.name, "class": e.ok ? "ok" : "bad" });
      }));
    },
    positions: function (list) {
      fill("positions-body", list.map(function (p) {
        var exits = el("td", null, { "class": "exits" });
        p.exits.forEach(function (e) {
          exits.appendChild(el("span", e.rule + " " + (e.msLeft !== null ? duration(e.msLeft) : pct(e.distancePct)), { "class": "exit", "data-rule": e.rule }));
        });
        return row({ "data-mint": p.mint }, [tokenCell(p.symbol, p.name), el("td", short(p.mint), { title: p.mint }), num(p.entryPrice), num(p.currentPrice),
          el("td", sol(p.pnlLamports), { "class": sign(p.pnlLamports) }), el("td", pct(p.pnlPct), { "class": sign(p.pnlLamports) }), exits, time(p.openedAt)]);
      }));
    },
    trades: function (list) {
      fill("trades-body", list.map(function (t) {
        return row({ "data-mint": t.mint, "data-position": t.positionId }, [time(t.closedAt), tokenCell(t.symbol, t.name), sol(t.costLamports),
          sol(t.proceedsLamports), el("td", sol(t.pnlLamports), { "class": sign(t.pnlLamports) }), t.exitReason || "\u2013"]);
      }));
    },
    pnl: function (series) {
      var values = series.map(function (p) { return Number(p.cumulativeLamports); });
      var lo = Math.min.apply(null, [0].concat(values)), hi = Math.max.apply(null, [0].concat(values)), span = hi - lo || 1, n = values.length;
      function y(v) { return (CHART.pad + (CHART.height - 2 * CHART.pad) * (1 - (v - lo) / span)).toFixed(1); }
      function x(i) { return (n <= 1 ? CHART.width / 2 : CHART.pad + ((CHART.width - 2 * CHART.pad) * i) / (n - 1)).toFixed(1); }
      var line = $("pnl-line"); if (line) line.setAttribute("points", values.map(function (v, i) { return x(i) + "," + y(v); }).join(" "));
      var zero = $("pnl-zero"); if (zero) { zero.setAttribute("y1", y(0)); zero.setAttribute("y2", y(0)); }
      text("pnl-total", sol(series.length ? series[series.length - 1].cumulativeLamports : "0"));
    },
    alerts: function (list) {
      fill("alerts", list.map(function (a) {
        var li = el("li", null, { "data-alert": a.id, "class": "sev-" + a.severity });
        [el("span", time(a.at)), " ", el("b", a.severity), " ", el("span", a.rule), " ", el("span", a.message)].forEach(function (c) {
          li.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
        });
        return li;
      }));
    },
    feed: function (list) {
      fill("feed-body", list.map(function (f) {
        var what = f.kind === "launch" ? "launch" : (f.action || "") + (f.reason ? ": " + f.reason : "");
        return row({ "data-mint": f.mint, "data-seq": f.seq, "data-kind": f.kind }, [time(f.at), tokenCell(f.symbol, f.name), el("td", short(f.mint), { title: f.mint }), what]);
      }));
    },
    actors: function (list) {
      fill("actors-body", list.map(function (a) {
        var state = a.value === null ? "" : JSON.stringify(a.value).slice(0, 120);
        return row({ "data-actor": a.id, "data-status": a.status }, [new Array(a.depth + 1).join("\u00b7 ") + a.id, state, a.status, String(a.restarts), a.lastError ? a.lastError.message : ""]);
      }));
    },
    logs: function (list) {
      fill("logs", list.slice(-100).map(function (r) {
        var level = typeof r.level === "number" ? (LEVELS[r.level] || String(r.level)) : "";
        var li = el("li", null, { "data-seq": r.seq, "class": "lvl-" + level });
        li.appendChild(el("span", time(r.time)));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("b", level));
        li.appendChild(document.createTextNode(" " + (typeof r.msg === "string" ? r.msg.slice(0, 300) : "")));
        return li;
      }));
    }
  };
  var source = null;
  function connect() {
    source = new EventSource("/api/stream");
    source.onopen = function () { text("conn", "live"); };
    source.onerror = function () {
      text("conn", "reconnecting");
      if (source && source.readyState === 2) { source.close(); setTimeout(connect, 3000); }
    };
    Object.keys(render).forEach(function (name) {
      source.addEventListener(name, function (ev) {
        try { render[name](JSON.parse(ev.data)); } catch (e) { text("conn", "render error: " + name); }
      });
    });
  }
  if (typeof EventSource === "function") connect(); else text("conn", "no EventSource");
})();
`;
