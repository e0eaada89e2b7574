/** One restart of a supervised actor, as the supervisor journals it (and the history store persists it). */
export interface RestartRecord {
  /** Id of the actor that was restarted. */
  actorId: string;
  /** Id of the supervisor that restarted it. */
  supervisorId: string;
  /** Wall-clock ms (from the injected Clock) when the restart was decided. */
  at: number;
  /** Why: the error message of the crash, or "exit" for a permanent child that stopped normally. */
  reason: string;
  /** How many times this actor has been restarted since its supervisor started. */
  count: number;
}
