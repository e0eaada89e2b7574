import { dirname, join } from "node:path";
import { withSimEndpoints, type Config } from "../config/index.ts";
import type { Logging } from "../log/index.ts";
import { planSimCluster, type SimClusterPlan } from "../actors/sim-cluster.actor.ts";
import { freePort } from "../runtime/free-port.ts";

/** The config in effect plus, in sim mode, the simulated cluster the bot runs beside it. */
export interface SimSetup {
  config: Config;
  sim?: SimClusterPlan;
}

/**
 * In sim mode the simulated cluster runs as a supervised child process on fixed loopback ports (a
 * restart keeps its URLs), and every RPC adapter talks to it exactly as to a real node.
 */
export function setUpSim(
  config: Config,
  logging: Logging,
  onReady: (urls: { httpUrl: string; wsUrl: string }) => void,
): SimSetup {
  if (config.mode !== "sim") return { config };
  const sim = planSimCluster(
    {
      ...config.sim,
      httpPort: config.sim.httpPort || freePort(),
      wsPort: config.sim.wsPort || freePort(),
      refereeOut: join(dirname(config.data.dbPath), "sim-referee.json"),
    },
    {
      onReady,
      onStderr: (line) => logging.child("sim").warn({ line }, "simulated cluster stderr"),
    },
  );
  return { config: withSimEndpoints(config, sim), sim };
}
