/**
 * The listener: one websocket client per endpoint, each with `logsSubscribe` on the pump.fun program;
 * the first endpoint to deliver a signature wins (bounded de-duplication), its events go straight to the
 * sink. Cut or undecodable logs are repaired through getTransaction; after a reconnect the gap is
 * backfilled (getSignaturesForAddress + getTransaction). Nothing here ever waits on the sink.
 */
import { systemClock } from "../clock.ts";
import { toError } from "../errors.ts";
import { seededRng } from "../rng.ts";
import { PUMP_MINT_AUTHORITY, PUMP_PROGRAM_ID, type PumpEvent } from "../chain/pump/index.ts";
import { createWsClient, type WsClientEvent, type WsSubscriptionHandle } from "../chain/rpc/ws-client.ts";
import { callSignal, fetchInOrder, listGap, type Anchor, type BackfillBounds } from "./backfill.ts";
import type { SignatureInfo } from "./rpc.ts";
import { eventsFromTransaction } from "../chain/pump/transaction-events.ts";
import { detached, LogsFrame } from "./logs-frame.ts";
import { PumpLogScanner, ScanResult } from "./scan.ts";
import type { EndpointCounters } from "./stats.ts";
import { createListenerState, type Listener, type ListenerOptions } from "./types.ts";

export { createListenerState, type Listener, type ListenerLogger, type ListenerOptions, type ListenerState } from "./types.ts";

interface RepairJob {
  signature: string;
  slot: number;
  endpoint: number;
  /** Events of this transaction already emitted from its (cut) logs. */
  skip: number;
  /** The signature is already marked seen (truncated logs), so emit regardless. */
  owned: boolean;
  /** Its logs showed a create instruction before they stopped: a launch, repaired ahead of the others. */
  launch: boolean;
}

interface LogsResult {
  context?: { slot?: unknown };
  value?: { signature?: unknown; err?: unknown; logs?: unknown };
}

const SIG_KEY = '"signature":"';
/** Extra rounds of a backfill's failed listing or getTransaction calls, after 250 ms doubling to 4 s. */
const BACKFILL_RETRIES = 5;
/** Chunks of `backfill.maxPages` pages one backfill reads at most (a longer gap is counted incomplete). */
const BACKFILL_CHUNKS = 25;
const backfillRetryMs = (attempt: number): number => Math.min(4_000, 250 * 2 ** attempt);
const BASE58_SIG = /^[1-9A-HJ-NP-Za-km-z]{64,88}$/;

/** A plausible base58 transaction signature (64 bytes: 64..88 characters). */
function isSignature(s: string): boolean {
  return BASE58_SIG.test(s);
}

/** Starts the listener: connects every endpoint now. */
export function createListener(o: ListenerOptions): Listener {
  const clock = o.clock ?? systemClock;
  const rng = o.rng ?? seededRng(Date.now() >>> 0);
  const programId = o.programId ?? PUMP_PROGRAM_ID;
  const launchAddress = o.launchAddress === undefined ? (o.programId === undefined ? PUMP_MINT_AUTHORITY : null) : o.launchAddress;
  const state = o.state ?? createListenerState(o.wsUrls, o.dedupeSize);
  if (state.stats.endpoints.length !== o.wsUrls.length) throw new RangeError("listener state has a different number of endpoints");
  state.instances++;
  const restarted = state.instances > 1;
  const { seen, stats } = state;
  const totals = stats.totals;
  const sink = o.sink;
  const controller = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, controller.signal]) : controller.signal;
  const timers = o.timers ?? { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const bounds: BackfillBounds = {
    pageLimit: o.backfill?.pageLimit ?? 500,
    maxPages: o.backfill?.maxPages ?? 4,
    concurrency: o.backfill?.concurrency ?? 4,
    timeoutMs: o.backfill?.timeoutMs ?? 5_000,
  };
  const backfillEnabled = o.backfill?.enabled !== false;
  const settleMs = o.backfill?.settleMs ?? 1_000;
  const repairCfg = {
    concurrency: o.repair?.concurrency ?? 4,
    maxQueued: o.repair?.maxQueued ?? 256,
    retries: o.repair?.retries ?? 8,
    retryMs: o.repair?.retryMs ?? 250,
    timeoutMs: o.repair?.timeoutMs ?? 5_000,
  };
  let closed = false;
  const inflight = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const bug = (error: unknown): void => {
    if (!closed) o.onBug?.(toError(error));
  };

  // ---- emitting: plain synchronous calls; a throwing sink is counted, never propagated.
  const emit = (ev: PumpEvent, signature: string, slot: number, receivedAt: number, seenAt: number, source: number | "backfill"): void => {
    try {
      switch (ev.kind) {
        case "create":
          totals.events.launch++;
          sink.launch({ type: "launch.detected", event: ev, signature, slot, receivedAt, seenAt, source });
          return;
        case "trade":
          totals.events.trade++;
          sink.trade({ type: "trade.observed", event: ev, signature, slot, receivedAt, seenAt, source });
          return;
        case "complete":
          totals.events.complete++;
          sink.complete({ type: "curve.completed", event: ev, signature, slot, receivedAt, seenAt, source });
          return;
        case "migration":
          totals.events.migration++;
          return;
      }
    } catch {
      totals.sinkErrors++;
    }
  };
  // All events of one transaction are out: the sink may decide now (e.g. a launch with its dev buy).
  const endOfTransaction = (): void => {
    try {
      sink.endOfTransaction?.();
    } catch {
      totals.sinkErrors++;
    }
  };
  const advanceAnchor = (signature: string, slot: number): void => {
    const a = state.anchor;
    if (a === null || slot >= a.slot) state.anchor = { signature, slot };
  };

  // ---- the hot path: one logsNotification. Canonical frames are read in preFilter (LogsFrame, no
  // JSON.parse); any other shape comes parsed to onLogs. Both end in beginFrame / scan / endFrame.
  const onLogs = (endpoint: number, ep: EndpointCounters) => (result: unknown, receivedAt: number): void => {
    ep.notifications++;
    ep.jsonParsed++;
    const r = result as LogsResult | null;
    const value = typeof r === "object" && r !== null ? r.value : undefined;
    if (typeof value !== "object" || value === null) return void ep.malformed.shape++;
    const signature = value.signature;
    const logs = value.logs;
    const slot = r!.context?.slot;
    if (typeof signature !== "string" || !isSignature(signature) || typeof slot !== "number" || value.err === undefined || !Array.isArray(logs)) {
      ep.malformed.shape++;
      if (typeof signature === "string" && isSignature(signature) && !seen.has(signature)) repair({ signature, slot: 0, endpoint, skip: 0, owned: false, launch: false });
      return;
    }
    if (value.err !== null) return void totals.failedTx++;
    if (beginFrame(endpoint, ep, signature, slot, receivedAt)) endFrame(scanner.scan(logs));
  };

  // The frame being scanned (hot path: module of mutable fields instead of a closure per frame).
  let frameSignature = "";
  let frameSlot = 0;
  let frameReceivedAt = 0;
  // Stamped at the frame's first event, with a flag beside it. A -1 sentinel in the same variable was an
  // int32 at every trade frame's one event and a timestamp (a double) at a launch's second event, so the
  // compiled code, made from trades, fell out of its type speculation at each launch until recompiled.
  let frameSeenAt = 0;
  let frameStamped = false;
  let frameEndpoint = 0;
  let frameOwned = false;
  /** A notification of a successful transaction: false (counted) when its signature was delivered already. */
  const beginFrame = (endpoint: number, ep: EndpointCounters, signature: string, slot: number, receivedAt: number): boolean => {
    if (seen.has(signature)) {
      ep.duplicates++;
      return false;
    }
    frameSignature = signature;
    frameSlot = slot;
    frameReceivedAt = receivedAt;
    frameStamped = false;
    frameEndpoint = endpoint;
    frameOwned = false;
    return true;
  };
  /** After the scan: claim the signature, close the transaction, repair what the logs did not give. */
  const endFrame = (outcome: ScanResult): void => {
    if (frameOwned) endOfTransaction();
    if (!frameOwned && outcome !== ScanResult.BadEvent) claim();
    if (outcome === ScanResult.Ok) return;
    const ep = stats.endpoints[frameEndpoint]!;
    if (outcome === ScanResult.Truncated) totals.truncated++;
    else if (outcome === ScanResult.BadLine) ep.malformed.shape++;
    else ep.malformed.event++;
    // What the logs did not give (cut, or an undecodable event) comes from getTransaction; if nothing was
    // emitted yet the signature stays unclaimed, so another endpoint's intact copy still wins.
    const launch = (outcome === ScanResult.Truncated || outcome === ScanResult.BadEvent) && scanner.cutLaunch;
    repair({ signature: frameSignature, slot: frameSlot, endpoint: frameEndpoint, skip: scanner.position, owned: frameOwned, launch });
  };
  /** Marks the frame's signature delivered by its endpoint (first event, or the end of a clean scan). */
  const claim = (): void => {
    frameOwned = true;
    seen.add(frameSignature);
    stats.endpoints[frameEndpoint]!.firstSeen++;
    advanceAnchor(frameSignature, frameSlot);
  };
  const scanner = new PumpLogScanner(programId, (ev) => {
    if (!frameOwned) claim();
    if (!frameStamped) {
      frameSeenAt = clock.now();
      frameStamped = true;
    }
    emit(ev, frameSignature, frameSlot, frameReceivedAt, frameSeenAt, frameEndpoint);
  });

  const logsFrame = new LogsFrame();
  /** Each endpoint's logs subscription (its id changes on every reconnect). */
  const logsSubscriptions: (WsSubscriptionHandle | undefined)[] = [];
  /**
   * Every text frame, before JSON.parse: a canonical logsNotification of our subscription is handled
   * here whole; another frame whose signature was already delivered is dropped unparsed (the second
   * endpoint's copy). Returns whether the client should still parse the frame.
   */
  const preFilter = (endpoint: number, ep: EndpointCounters) => (text: string, receivedAt: number): boolean => {
    ep.frames++;
    ep.lastFrameAt = receivedAt;
    const f = logsFrame;
    if (f.read(text) && f.subscription === logsSubscriptions[endpoint]?.subscription) {
      ep.notifications++;
      if (!isSignature(f.signature)) ep.malformed.shape++;
      else if (beginFrame(endpoint, ep, f.signature, f.slot, receivedAt)) endFrame(scanner.scanText(text, f.starts, f.ends, f.lines));
      return false;
    }
    const at = text.indexOf(SIG_KEY);
    if (at < 0) return true;
    const start = at + SIG_KEY.length;
    const end = text.indexOf('"', start);
    if (end < 0 || end - start > 100) return true;
    if (!seen.has(text.slice(start, end))) return true;
    ep.notifications++;
    ep.duplicates++;
    return false;
  };

  /** A broken frame that still names a signature: let getTransaction tell what it carried. */
  const salvage = (frame: string, endpoint: number): void => {
    const at = frame.indexOf(SIG_KEY);
    if (at < 0) return;
    const start = at + SIG_KEY.length;
    const end = frame.indexOf('"', start);
    if (end < 0) return;
    const signature = detached(frame.slice(start, end));
    if (isSignature(signature) && !seen.has(signature)) repair({ signature, slot: 0, endpoint, skip: 0, owned: false, launch: false });
  };

  // ---- repairs: truncated or undecodable logs -> getTransaction (bounded queue, bounded concurrency).
  // Launches go first (after earlier launches): a launch's repair is the one a snipe waits for. Policy
  // when full: drop the newest job; a launch takes the place of the newest queued other repair (a trade's,
  // or a frame too broken to tell) instead, and is dropped itself only when every queued job is a launch.
  // Each drop is counted (repairDropped).
  const repairQueue: RepairJob[] = [];
  let repairsActive = 0;
  const repair = (job: RepairJob): void => {
    if (closed) return;
    if (repairQueue.length + repairsActive >= repairCfg.maxQueued) {
      totals.repairDropped++;
      const evict = job.launch ? lastOtherRepair() : -1;
      if (evict < 0) return;
      repairQueue.splice(evict, 1);
    }
    if (job.launch) {
      const firstOther = repairQueue.findIndex((j) => !j.launch);
      repairQueue.splice(firstOther < 0 ? repairQueue.length : firstOther, 0, job);
    } else repairQueue.push(job);
    pumpRepairs();
  };
  const lastOtherRepair = (): number => {
    for (let i = repairQueue.length - 1; i >= 0; i--) if (!repairQueue[i]!.launch) return i;
    return -1;
  };
  const pumpRepairs = (): void => {
    while (!closed && repairsActive < repairCfg.concurrency && repairQueue.length > 0) {
      const job = repairQueue.shift()!;
      repairsActive++;
      track(
        runRepair(job)
          .catch(bug)
          .finally(() => {
            repairsActive--;
            pumpRepairs();
          }),
      );
    }
  };
  const runRepair = async (job: RepairJob): Promise<void> => {
    for (let attempt = 0; attempt <= repairCfg.retries && !closed; attempt++) {
      if (attempt > 0) await sleep(repairCfg.retryMs);
      if (closed) return;
      if (!job.owned && seen.has(job.signature)) return; // another endpoint delivered it meanwhile
      let tx: unknown;
      try {
        tx = await o.rpc.getTransaction(job.signature, callSignal(signal, repairCfg.timeoutMs));
      } catch {
        continue;
      }
      if (closed) return;
      if (tx === null || tx === undefined) continue; // not confirmed yet
      const res = eventsFromTransaction(tx, programId);
      if (!res.ok) break;
      if (res.failed) return;
      if (!job.owned) {
        if (!seen.add(job.signature)) return;
        stats.endpoints[job.endpoint]!.firstSeen++;
        advanceAnchor(job.signature, res.slot);
      }
      totals.repaired++;
      const receivedAt = clock.monotonic(), seenAt = clock.now();
      for (let k = job.skip; k < res.events.length; k++) emit(res.events[k]!, job.signature, res.slot || job.slot, receivedAt, seenAt, job.endpoint);
      endOfTransaction();
      return;
    }
    if (!closed) totals.repairFailures++;
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const h = timers.setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        timers.clearTimeout(h);
        resolve();
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });

  // ---- backfill: after a reconnect (or a restart), list the gap and emit what was missed, oldest first.
  let backfilling = false;
  let pendingAnchor: Anchor | null = null;
  const requestBackfill = (anchor: Anchor, settle: boolean): void => {
    if (closed || !backfillEnabled) return;
    if (pendingAnchor === null || anchor.slot < pendingAnchor.slot) pendingAnchor = anchor;
    if (!backfilling) track(backfillLoop().catch(bug));
    if (settle && settleMs > 0) track(sleep(settleMs).then(() => requestBackfill(anchor, false)));
  };
  const backfillLoop = async (): Promise<void> => {
    backfilling = true;
    try {
      while (pendingAnchor !== null && !closed) {
        const anchor = pendingAnchor;
        pendingAnchor = null;
        await backfillFrom(anchor);
      }
    } finally {
      backfilling = false;
    }
  };
  const backfillFrom = async (anchor: Anchor): Promise<void> => {
    totals.backfillRuns++;
    // Launches first: one listing of the address only creates mention (a handful of signatures where the
    // program's gap may hold thousands of trades) and their transactions, so a long gap's launches are not
    // fetched behind its trades. They stay out of the anchor (the trades before them are not read yet);
    // the program's listing below then skips them as seen.
    if (launchAddress !== null) {
      const launches = await listGapRetrying(launchAddress, anchor, undefined);
      if (launches !== undefined) await backfillEntries(anchor, launches.entries.filter((e) => e.err === null && !seen.has(e.signature)), false);
    }
    // A gap longer than one listing's page bound is read in chunks, newest first, each ending where the
    // previous one started, until the anchor (at most BACKFILL_CHUNKS chunks: past that it stays incomplete).
    let startBefore: string | undefined;
    for (let chunk = 0; chunk < BACKFILL_CHUNKS && !closed; chunk++) {
      const listed = await listGapRetrying(programId, anchor, startBefore);
      if (listed === undefined) return;
      await backfillEntries(anchor, listed.entries.filter((e) => e.err === null && !seen.has(e.signature)));
      if (listed.complete || listed.entries.length === 0) return;
      startBefore = listed.entries[0]!.signature;
    }
    if (!closed) totals.backfillIncomplete++;
  };
  // A failed listing (429, timeout) leaves the whole gap unread: list it again, a bounded number of times.
  const listGapRetrying = async (address: string, anchor: Anchor, startBefore: string | undefined): Promise<{ entries: SignatureInfo[]; complete: boolean } | undefined> => {
    for (let attempt = 0; !closed; attempt++) {
      try {
        return await listGap(o.rpc, address, anchor, bounds, signal, startBefore);
      } catch {
        if (closed) return undefined;
        if (attempt >= BACKFILL_RETRIES) {
          totals.backfillFailures++;
          return undefined;
        }
        await sleep(backfillRetryMs(attempt));
      }
    }
    return undefined;
  };
  const backfillEntries = async (anchor: Anchor, entries: SignatureInfo[], advance = true): Promise<void> => {
    if (entries.length === 0 || closed) return;
    o.logger?.info({ anchorSlot: anchor.slot, missing: entries.length, ...(advance ? {} : { launchesFirst: true }) }, "listener backfill");
    // Transactions whose getTransaction failed are fetched again in later rounds (bounded); one that does
    // not decode is a failure at once (asking again gives the same answer).
    let todo = entries;
    for (let round = 0; todo.length > 0 && !closed; round++) {
      if (round > 0) await sleep(backfillRetryMs(round - 1));
      const failed: SignatureInfo[] = [];
      await fetchInOrder(
        todo,
        bounds.concurrency,
        (e) => o.rpc.getTransaction(e.signature, callSignal(signal, bounds.timeoutMs)),
        (e, tx) => {
          if (closed) return;
          // An error or a transaction the node does not return (yet): ask again in the next round.
          if (tx instanceof Error || tx === null || tx === undefined) return void failed.push(e);
          const res = eventsFromTransaction(tx, programId);
          if (!res.ok) return void totals.backfillFailures++;
          if (res.failed || !seen.add(e.signature)) return;
          totals.backfilled++;
          if (advance) advanceAnchor(e.signature, e.slot);
          const receivedAt = clock.monotonic(), seenAt = clock.now();
          for (const ev of res.events) emit(ev, e.signature, e.slot, receivedAt, seenAt, "backfill");
          endOfTransaction();
        },
      );
      if (round >= BACKFILL_RETRIES) {
        totals.backfillFailures += failed.length;
        return;
      }
      todo = failed;
    }
  };
  /** No anchor yet (first start): take the newest confirmed signature, so a later gap has a floor. */
  /** The floor of a chain with no history of the program yet (listing starts from its beginning). */
  const NO_HISTORY: Anchor = { signature: "", slot: 0 };
  // First start of the process: the floor is the newest transaction from before the listener was created,
  // so launches between its creation and the first subscription (e.g. while the node was starting) are
  // backfilled too; what happened before the process started is not this run's to snipe.
  const createdAtSec = Math.floor(clock.now() / 1000);
  const fetchAnchor = async (): Promise<void> => {
    try {
      const list = await o.rpc.getSignaturesForAddress(programId, { limit: bounds.pageLimit, commitment: "confirmed" }, callSignal(signal, bounds.timeoutMs));
      if (state.anchor !== null) return;
      const before = list.findIndex((e) => typeof e.blockTime === "number" && e.blockTime < createdAtSec);
      const floor = list[before < 0 ? 0 : before];
      // An empty history (a fresh chain) is a floor too: everything the node lists is newer.
      const anchor = floor === undefined ? NO_HISTORY : { signature: floor.signature, slot: floor.slot };
      if (floor !== undefined) state.anchor = anchor;
      // The settle pass also catches transactions that were not yet confirmed at this first listing.
      requestBackfill(anchor, true);
    } catch {
      // Without a floor the first gap cannot be backfilled; the next notification sets one.
    }
  };

  // ---- one client per endpoint.
  const gapAnchors: (Anchor | null)[] = o.wsUrls.map(() => null);
  let firstSubscribe = true;
  const onEvent = (i: number, ep: EndpointCounters) => (e: WsClientEvent): void => {
    switch (e.type) {
      case "open":
        ep.open = true;
        ep.connects++;
        if (e.connects > 1) ep.reconnects++;
        return;
      case "close":
        ep.open = false;
        if (gapAnchors[i] === null) gapAnchors[i] = state.anchor;
        o.logger?.warn({ endpoint: i, code: e.code, reason: e.reason }, "listener websocket closed");
        return;
      case "subscribed":
        if (e.method !== "logsSubscribe") return;
        onLogsSubscribed(i, e.resubscribe);
        return;
      case "subscribe-failed":
        o.logger?.warn({ endpoint: i, method: e.method, error: e.error.message }, "listener subscribe failed");
        return;
      case "heartbeat-timeout":
        ep.heartbeatTimeouts++;
        return;
      case "malformed":
        ep.malformed[e.kind]++;
        if (e.kind === "utf8") ep.frames++;
        if (e.frame !== undefined) salvage(e.frame, i);
        return;
      case "handler-error":
        bug(e.error);
        return;
      default:
        return;
    }
  };
  const onLogsSubscribed = (i: number, resubscribe: boolean): void => {
    if (resubscribe) {
      const anchor = gapAnchors[i] ?? state.anchor;
      gapAnchors[i] = null;
      if (anchor) requestBackfill(anchor, true);
      return;
    }
    if (!firstSubscribe) return;
    firstSubscribe = false;
    if (state.anchor === null) track(fetchAnchor());
    else if (restarted) requestBackfill(state.anchor, true);
  };

  const clients = o.wsUrls.map((url, i) => {
    const ep = stats.endpoints[i]!;
    const client = createWsClient({
      url,
      clock,
      rng,
      timers,
      signal,
      heartbeatMs: o.heartbeatMs,
      requestTimeoutMs: o.requestTimeoutMs,
      backoff: o.backoff,
      onEvent: onEvent(i, ep),
      onRawFrame: preFilter(i, ep),
      ...(o.createSocket ? { createSocket: o.createSocket } : {}),
    });
    logsSubscriptions[i] = client.subscribe("logsSubscribe", [{ mentions: [programId] }, { commitment: o.commitment ?? "processed" }], onLogs(i, ep));
    if (o.slotLiveness !== false) client.subscribe("slotSubscribe", [], () => {});
    return client;
  });

  const close = (): void => {
    if (closed) return;
    closed = true;
    repairQueue.length = 0;
    controller.abort();
    for (const c of clients) c.close();
    for (const ep of stats.endpoints) ep.open = false;
  };
  o.signal?.addEventListener("abort", close, { once: true });
  if (o.signal?.aborted) close();

  return {
    state,
    clients,
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    close,
  };
}
