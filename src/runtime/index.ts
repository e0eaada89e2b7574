/** The process runtime: shutdown signals, drainer/flusher registry, actor inspection, Stately forwarding. */
export { createShutdownRegistry, type Drainer, type Flusher, type ShutdownPlan, type ShutdownRegistry } from "./flushers.ts";
export { installSignalHandlers, signalExitCode, type ShutdownSignal, type SignalHandlerOptions, type SignalSource } from "./signals.ts";
export {
  createInspectionRegistry,
  type ActorRow,
  type ActorStatus,
  type InspectionRegistry,
  type InspectionRegistryOptions,
} from "./inspection.ts";
export { adoptedRows, DEFAULT_MAX_ADOPTED, type AdoptedChild, type AdoptedSource } from "./adopted-rows.ts";
export { redact, redactText, isSecretKey, REDACTED, type Json, type RedactOptions } from "./redact.ts";
export { startInspectorRelay, type InspectorRelay, type InspectorRelayOptions } from "./inspector-relay.ts";
export {
  combineInspectors,
  createStatelyInspect,
  redactStatelyEvent,
  type Inspector,
  type StatelyInspect,
  type StatelyInspectOptions,
} from "./stately-inspector.ts";
export { exitCodeOf, type LifecycleTimeouts, type ShutdownReport, type StepResult, type StepTiming } from "./shutdown-report.ts";
export { gcMode, LATENCY_GC_ENV, type GcMode } from "./gc-mode.ts";
export { jitMode, LATENCY_JIT_ENV, type JitMode } from "./jit-mode.ts";
export { LATENCY_ENV } from "./latency-env.ts";
