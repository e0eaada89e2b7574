/**
 * The alerts actor: a supervised callback that feeds observations (`alerts.observe`) and its own ticks to
 * the alert engine and publishes what fires. Publishing only queues (the sink queues live outside the
 * actor, in `createAlerts`), so this actor never waits on a sink. A restart starts a fresh engine: rule
 * state (cooldowns, windows) is reset, the recent alerts and sink counters are kept.
 */
import type { Clock } from "../clock.ts";
import type { RestartRecord } from "../domain/restart-record.ts";
import { type Alert, AlertEngine, type AlertRule, type Observation } from "../domain/alerts/index.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** An observation whose `at` the actor fills in from its clock when absent. */
export type ObservationInput = Observation extends infer O ? (O extends Observation ? Omit<O, "at"> & { at?: number } : never) : never;

/** Sent to the actor (through `deliver(root, [..., "alerts"], event)`) for every observation. */
export interface AlertsObserveEvent {
  type: "alerts.observe";
  observation: ObservationInput;
}

/** Runs the time-based rules now (the actor also ticks by itself every `tickMs`). */
export interface AlertsTickEvent {
  type: "alerts.tick";
}

/** Events the alerts actor accepts. */
export type AlertsActorEvent = AlertsObserveEvent | AlertsTickEvent;

/** Input of the alerts actor (`createAlerts(...).actorInput`). */
export interface AlertsActorInput {
  rules: readonly AlertRule[];
  /** Records and queues an alert; must return at once. */
  publish: (alert: Alert) => void;
  clock: Clock;
  /** Period of the tick for time-based rules (feed stall, sliding windows); 0 = no timer. */
  tickMs: number;
  /** When false, observations are ignored. */
  enabled?: boolean;
}

/** The `alerts.observe` event for an observation. */
export function observe(observation: ObservationInput): AlertsObserveEvent {
  return { type: "alerts.observe", observation };
}

/** A supervisor's restart record as an observation (wire it to `startRootSupervisor({ onRestart })`). */
export function restartObservation(record: RestartRecord): Observation {
  return { type: "actor.restarted", actorId: record.actorId, at: record.at };
}

/** The alerts actor logic; put it under a supervisor with `restart: "permanent"`. */
export const alertsActor = supervisedCallback<AlertsActorEvent, AlertsActorInput>(({ input, receive, guard }) => {
  const { clock, publish } = input;
  const engine = new AlertEngine(input.rules, { startedAt: clock.now() });
  const enabled = input.enabled !== false;
  const run = (obs: Observation) => {
    for (const alert of engine.observe(obs)) publish(alert);
  };
  receive((event) => {
    if (!enabled) return;
    if (event.type === "alerts.observe") run({ ...event.observation, at: event.observation.at ?? clock.now() } as Observation);
    else if (event.type === "alerts.tick") run({ type: "tick", at: clock.now() });
  });
  const timer = enabled && input.tickMs > 0 ? setInterval(guard(() => run({ type: "tick", at: clock.now() })), input.tickMs) : undefined;
  return () => clearInterval(timer);
});
