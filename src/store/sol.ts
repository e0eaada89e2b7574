/** The one formatSol (exact, bigint only) lives with the analytics; CSV and exports use the same. */
export { formatSol } from "../domain/analytics/format-sol.ts";
