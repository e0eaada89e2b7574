/**
 * The history writer's schedule: rows wait at most `lingerMs` or until a full batch is ready, then one
 * batch is committed; a commit that fails crashes the machine so its supervisor restarts it (the rows
 * stay queued in the writer, which outlives the actor). Effects are named here and bound in history.actor.ts.
 */
import { assign, fromCallback, fromPromise, setup, type EventObject } from "xstate";

/** Signals from the writer: rows are waiting, or a full batch is ready. */
export type HistoryMachineEvent = { type: "history.pending" } | { type: "history.batch" };

/** Input: how long the first queued row may wait before its batch is committed. */
export interface HistoryMachineInput {
  lingerMs: number;
}

/** Counters visible to inspection and the status page. */
export interface HistoryMachineContext {
  lingerMs: number;
  batches: number;
  rows: number;
}

/** The machine; `watch`, `commitBatch`, `hasPending` and `batchReady` are provided by the actor. */
export const historyMachine = setup({
  types: {
    context: {} as HistoryMachineContext,
    events: {} as HistoryMachineEvent,
    input: {} as HistoryMachineInput,
  },
  actors: {
    /** Forwards the writer's work signals as events. */
    watch: fromCallback<EventObject, void>(() => {}),
    /** Commits one batch; resolves with the rows taken. */
    commitBatch: fromPromise<number, void>(async () => 0),
  },
  guards: {
    hasPending: () => false,
    batchReady: () => false,
  },
  delays: {
    linger: ({ context }) => context.lingerMs,
  },
  actions: {
    countBatch: assign({
      batches: ({ context }) => context.batches + 1,
      rows: ({ context, event }) => context.rows + Number((event as { output?: number }).output ?? 0),
    }),
    crash: (_, params: { error: unknown }) => {
      throw params.error instanceof Error ? params.error : new Error(String(params.error));
    },
  },
}).createMachine({
  id: "history",
  context: ({ input }) => ({ lingerMs: input.lingerMs, batches: 0, rows: 0 }),
  invoke: { src: "watch" },
  initial: "idle",
  states: {
    idle: {
      always: [
        { guard: "batchReady", target: "writing" },
        { guard: "hasPending", target: "lingering" },
      ],
      on: { "history.pending": "lingering", "history.batch": "writing" },
    },
    lingering: {
      after: { linger: "writing" },
      on: { "history.batch": "writing" },
    },
    writing: {
      invoke: {
        src: "commitBatch",
        onDone: { target: "idle", actions: "countBatch" },
        onError: { actions: { type: "crash", params: ({ event }) => ({ error: event.error }) } },
      },
    },
  },
});
