/** The `[alerts]` config section lives with the other sections; re-exported here for the alerts code. */
export { alertRuleSchema, alertsSection } from "../config/sections/alerts.ts";
