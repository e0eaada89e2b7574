import type { AlertSink, AlertStore } from "./types.ts";

/** Persists each alert through the injected store (the SQLite history store in the bot). */
export function storeSink(store: AlertStore): AlertSink {
  return {
    name: "store",
    target: "-",
    secrets: [],
    send: async (alert) => {
      await store.saveAlert(alert);
    },
  };
}
