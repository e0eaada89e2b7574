import { describe, expect, test } from "bun:test";
import { alertRow } from "../../src/store/alert-row.ts";
import { sampleAlert } from "../alerts/helpers.ts";

describe("alertRow", () => {
  test("the alerts row of an alert: mint from its details when it is a string, else null", () => {
    const alert = sampleAlert({ details: { mint: "M1", pct: 12 } });
    expect(alertRow(alert)).toEqual({ at: alert.at, rule: alert.rule, severity: "warn", mint: "M1", message: alert.message, details: { mint: "M1", pct: 12 } });
    expect(alertRow(sampleAlert({ details: { mint: 5 } })).mint).toBeNull();
    expect(alertRow(sampleAlert()).mint).toBeNull();
  });
});
