import { z } from "zod";

// Field builders shared by the section files. Each one coerces the strings that come from environment
// variables (`"9000"`, `"true"`, `"a,b"`) and carries a rule message that reads well after a dotted path,
// e.g. `http.port: must be an integer between 0 and 65535`.

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

function toNumber(value: unknown): unknown {
  if (typeof value === "string" && NUMERIC.test(value.trim())) return Number(value.trim());
  return value;
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

function toBoolean(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return value;
}

/** Splits an environment string into a list: a JSON array (`["a","b"]`) or comma-separated (`a,b`). */
export function toList(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const v = value.trim();
  if (v.startsWith("[")) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      // Meant as JSON (`["a", ...`, `[{...`, `[]`): left whole, so the error says it is no list. Otherwise a
      // list item that starts with "[" (a regular expression such as `[Ss]cam`): comma-separated after all.
      if (JSON_LIST_START.test(v)) return value;
    }
  }
  return v === "" ? [] : v.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

const JSON_LIST_START = /^\[\s*(["{\[\]]|$)/;

/**
 * A list of tables (`[[exits.takeProfit]]`, inline tables): from the environment, a JSON array of objects
 * (`[{"atBps":5000,"sellBps":5000}]`). JSON that does not parse is reported with the parser's reason after `rule`.
 */
export function tableList<T extends z.ZodType>(item: T, rule: string) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
    try {
      return JSON.parse(value) as unknown;
    } catch (e) {
      const why = (e as Error).message.replace(/^JSON Parse error:\s*/i, "");
      ctx.addIssue({ code: "custom", message: `${rule}; not valid JSON (${why})`, input: value });
      return z.NEVER;
    }
  }, z.array(item, { error: rule }));
}

/** An integer in [min, max]; strings of digits are accepted (environment values). */
export function int(min: number, max: number) {
  const rule = `must be an integer between ${min} and ${max}`;
  return z.preprocess(
    toNumber,
    z.number({ error: rule }).int({ error: rule }).min(min, { error: rule }).max(max, { error: rule }),
  );
}

/** A finite number in [min, max]; `exclusiveMin` makes the lower bound strict. */
export function num(min: number, max: number, exclusiveMin = false) {
  const rule = `must be a number ${exclusiveMin ? "greater than" : "of at least"} ${min} and at most ${max}`;
  const base = z.number({ error: rule }).max(max, { error: rule });
  return z.preprocess(toNumber, exclusiveMin ? base.gt(min, { error: rule }) : base.min(min, { error: rule }));
}

/** A TCP port; 0 means "pick a free one" where the field says so. */
export const port = () => int(0, 65_535);

/** A boolean; environment strings true/false/1/0/yes/no/on/off are accepted. */
export function bool() {
  return z.preprocess(toBoolean, z.boolean({ error: "must be true or false" }));
}

/** A boolean that only accepts `true`/`false` (or the strings "true"/"false"): for safety switches. */
export function strictBool() {
  return z.preprocess(
    (v) => (v === "true" ? true : v === "false" ? false : v),
    z.boolean({ error: "must be literally true or false" }),
  );
}

/** One of a fixed set of words (case-insensitive on input). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const rule = `must be one of ${values.join(", ")}`;
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(values, { error: rule }),
  );
}

/** A non-empty string (trimmed). */
export function text(rule = "must be a non-empty string") {
  return z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string({ error: rule }).min(1, { error: rule }));
}

/** True when `value` parses as an absolute URL with one of the given schemes. */
export function isUrl(value: string, schemes: readonly string[]): boolean {
  try {
    const u = new URL(value);
    return schemes.includes(u.protocol.replace(/:$/, "")) && u.host !== "";
  } catch {
    return false;
  }
}

/** A list of URLs with the given schemes; environment values may be comma-separated or a JSON array. */
export function urlList(schemes: readonly string[]) {
  const rule = `must be a list of ${schemes.join("/")} URLs`;
  const item = z.string({ error: rule }).refine((s) => isUrl(s.trim(), schemes), {
    error: `must be a ${schemes.join(" or ")} URL`,
  });
  return z.preprocess(toList, z.array(item, { error: rule }));
}

/** A config section: a table with known keys only, every key defaulted so `{}` (or absence) is valid. */
export function section<T extends z.core.$ZodLooseShape>(shape: T) {
  return z
    .strictObject(shape, {
      error: (iss) => (iss.code === "invalid_type" ? "must be a table (a [section] in TOML)" : undefined),
    })
    .prefault({} as never);
}

/** `"auto"`, `true` or `false` (environment strings accepted). */
export function autoBool() {
  const rule = "must be auto, true or false";
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim().toLowerCase() === "auto" ? "auto" : toBoolean(v)),
    z.union([z.literal("auto"), z.boolean()], { error: rule }),
  );
}
