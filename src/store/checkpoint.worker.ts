/**
 * Worker thread: folds the WAL into the database file with `PRAGMA wal_checkpoint(PASSIVE)` on its own
 * connection every `intervalMs`. PASSIVE never blocks the writer, and the checkpoint's fsync happens here
 * instead of inside whichever commit crossed SQLite's auto-checkpoint threshold on the main thread.
 */
import { Database } from "bun:sqlite";

interface Start {
  path: string;
  intervalMs: number;
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<Start | "stop">) => void) | null;
  postMessage: (message: unknown) => void;
};
let db: Database | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

scope.onmessage = (event) => {
  if (event.data === "stop") {
    clearInterval(timer);
    db?.close();
    db = null;
    scope.postMessage({ type: "stopped" });
    return;
  }
  const { path, intervalMs } = event.data;
  db = new Database(path);
  db.run("PRAGMA busy_timeout = 1000");
  timer = setInterval(() => {
    try {
      const row = db?.query<{ busy: number; log: number; checkpointed: number }, []>("PRAGMA wal_checkpoint(PASSIVE)").get();
      scope.postMessage({ type: "checkpoint", ...row });
    } catch (error) {
      scope.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }, intervalMs);
  scope.postMessage({ type: "started" });
};
