/** Every repository over one connection; statements are prepared once (`db.query` caches them). */
import type { Database } from "bun:sqlite";
import { creatorRugsRepo } from "./creator-rugs.ts";
import { eventsRepo } from "./events.ts";
import { launchesRepo } from "./launches.ts";
import { ordersRepo } from "./orders.ts";
import { positionStateRepo } from "./position-state.ts";
import { positionsRepo } from "./positions.ts";

/** The repositories of the history database. */
export type Repositories = ReturnType<typeof launchesRepo> &
  ReturnType<typeof ordersRepo> &
  ReturnType<typeof positionsRepo> &
  ReturnType<typeof positionStateRepo> &
  ReturnType<typeof eventsRepo> &
  ReturnType<typeof creatorRugsRepo>;

/** Builds the repositories of a connection (cheap: statements come from the connection's cache). */
export function createRepositories(db: Database): Repositories {
  return { ...launchesRepo(db), ...ordersRepo(db), ...positionsRepo(db), ...positionStateRepo(db), ...eventsRepo(db), ...creatorRugsRepo(db) };
}

export { bigintJson } from "./launches.ts";
