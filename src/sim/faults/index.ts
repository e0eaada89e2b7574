/** Fault injection for the simulated cluster: seeded rules by rate or schedule, a spec parser, frame breakers. */
export { createFaultPolicy, type FaultPolicyHandle, type FaultPolicyOptions, type FaultStats } from "./policy.ts";
export { parseFaultSpec, parseFaultSpecs, faultArgs, formatFaultRule } from "./spec.ts";
export { FAULT_KINDS, type FaultKind, type FaultRule, type FaultSite, type FaultWindow } from "./rules.ts";
export { breakFrame, malformFrame, truncateFrame, truncateLogLines, garbagePayload, FRAME_BREAKS, type FrameBreak } from "./frames.ts";
