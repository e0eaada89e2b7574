/**
 * The listener actor: a supervised callback that runs one listener (src/listener/) while it lives. Socket
 * trouble is handled inside (reconnect + backfill); a bug (a throw in a frame handler) becomes a crash the
 * supervisor sees, and stopping the child closes every socket. The state passed in (counters, de-dup
 * ring, backfill anchor) outlives restarts, so a restarted listener backfills the gap it left.
 */
import type { AnyEventObject } from "xstate";
import { createListener, type ListenerOptions, type ListenerState } from "../listener/index.ts";
import { startBusyPoll } from "../listener/busy-poll.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** Input of the listener actor: the listener options minus what the actor supplies itself. */
export interface ListenerActorInput extends Omit<ListenerOptions, "signal" | "onBug" | "state"> {
  /** Create once (createListenerState) and pass the same object on every start: it is the read model too. */
  state: ListenerState;
  /** Spin the event loop while the listener runs (listener/busy-poll.ts); default false. */
  busyPoll?: boolean;
}

/** Listener actor logic; put it under a supervisor with `restart: "permanent"`. */
export const listenerActor = supervisedCallback<AnyEventObject, ListenerActorInput>(({ input, signal, fail }) => {
  const { busyPoll, ...options } = input;
  const listener = createListener({ ...options, signal, onBug: fail });
  if (busyPoll === true) startBusyPoll(signal);
  return () => listener.close();
});
