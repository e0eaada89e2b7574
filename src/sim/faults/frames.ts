import type { Rng } from "../../rng.ts";

/** Ways to break a valid JSON frame (`truncate` is separate: see truncateFrame). */
export type FrameBreak = "cut-mid-string" | "invalid-utf8" | "wrong-type" | "missing-field" | "garbage-program-data";

/** All ways, in a fixed order. */
export const FRAME_BREAKS: readonly FrameBreak[] = ["cut-mid-string", "invalid-utf8", "wrong-type", "missing-field", "garbage-program-data"];

/** The pump.fun event discriminators (wire-format.md), so garbage can wear a real one. */
const EVENT_DISCRIMINATORS = ["1b72a94ddeeb6376", "bddb7fd34ee661ee", "5f72619cd42e9808", "bde95db95c94ea94"];
const PROGRAM_DATA = "Program data: ";
const INVALID_UTF8: readonly number[][] = [[0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80]];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;

/** A strict prefix of the frame (at least one character): every JSON object or array prefix is invalid JSON. */
export function truncateFrame(frame: string, rng: Rng): string {
  const body = frame.trimEnd();
  if (body.length <= 1) return "";
  return body.slice(0, rng.int(1, body.length - 1));
}

/** Keeps a random non-empty head of the logs and ends them with "Log truncated", as the runtime does. */
export function truncateLogLines(logs: readonly string[], rng: Rng): string[] {
  const keep = logs.length <= 1 ? logs.length : rng.int(1, logs.length - 1);
  return [...logs.slice(0, keep), "Log truncated"];
}

/** Breaks `frame` one way at random (`garbage-program-data` only when the frame carries Program data). */
export function malformFrame(frame: string, rng: Rng): { how: FrameBreak; data: string | Uint8Array } {
  const ways = frame.includes(PROGRAM_DATA) ? FRAME_BREAKS : FRAME_BREAKS.filter((w) => w !== "garbage-program-data");
  const how = ways[rng.int(0, ways.length - 1)]!;
  return { how, data: breakFrame(frame, how, rng) };
}

/**
 * Breaks a valid JSON frame in the given way. Text results fail JSON.parse (`cut-mid-string`) or a
 * strict schema / event decoder (the others); `invalid-utf8` returns bytes a fatal UTF-8 decoder rejects.
 * When a way does not apply to the frame (no strings, not JSON), it falls back to truncation.
 */
export function breakFrame(frame: string, how: FrameBreak, rng: Rng): string | Uint8Array {
  switch (how) {
    case "cut-mid-string": {
      const inside = stringPositions(frame);
      return inside.length ? frame.slice(0, inside[rng.int(0, inside.length - 1)]) : truncateFrame(frame, rng);
    }
    case "invalid-utf8": {
      const bytes = new TextEncoder().encode(frame);
      const at = rng.int(0, Math.max(0, bytes.length - 1));
      const bad = INVALID_UTF8[rng.int(0, INVALID_UTF8.length - 1)]!;
      const out = new Uint8Array(bytes.length + bad.length);
      out.set(bytes.subarray(0, at), 0);
      out.set(bad, at);
      out.set(bytes.subarray(at), at + bad.length);
      return out;
    }
    case "wrong-type":
    case "missing-field":
    case "garbage-program-data": {
      let doc: Json;
      try {
        doc = JSON.parse(frame) as Json;
      } catch {
        return truncateFrame(frame, rng);
      }
      const changed =
        how === "wrong-type" ? swapType(doc, rng) : how === "missing-field" ? dropField(doc, rng) : garbleProgramData(doc, rng) || swapType(doc, rng);
      return changed ? JSON.stringify(doc) : truncateFrame(frame, rng);
    }
  }
}

/** Indices i such that cutting before i leaves an unterminated string literal. */
function stringPositions(text: string): number[] {
  const out: number[] = [];
  let inString = false, escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!inString) {
      if (c === '"') inString = true;
      continue;
    }
    out.push(i);
    if (escaped) escaped = false;
    else if (c === "\\") escaped = true;
    else if (c === '"') inString = false;
  }
  return out;
}

/** Every path below the root to a non-null primitive or an array (arrays as a whole). */
function leafPaths(doc: Json, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(doc)) {
    if (path.length) out.push(path);
    doc.forEach((v, i) => leafPaths(v, [...path, i], out));
  } else if (doc !== null && typeof doc === "object") {
    for (const [k, v] of Object.entries(doc)) leafPaths(v, [...path, k], out);
  } else if (doc !== null && path.length) out.push(path);
  return out;
}

function parentOf(doc: Json, path: Path): { [k: string]: Json } | Json[] {
  let node = doc;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key]!;
  return node as { [k: string]: Json } | Json[];
}

function swapType(doc: Json, rng: Rng): boolean {
  const paths = leafPaths(doc);
  if (!paths.length) return false;
  const path = paths[rng.int(0, paths.length - 1)]!;
  const parent = parentOf(doc, path) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  const v = parent[key]!;
  parent[key] = Array.isArray(v) ? JSON.stringify(v) : typeof v === "number" ? String(v) : typeof v === "string" ? rng.int(-1, 1_000_000) : typeof v === "boolean" ? String(v) : null;
  return true;
}

function dropField(doc: Json, rng: Rng): boolean {
  const keys: Path[] = [];
  const walk = (node: Json, path: Path): void => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        keys.push([...path, k]);
        walk(v, [...path, k]);
      }
    }
  };
  walk(doc, []);
  if (!keys.length) return false;
  const path = keys[rng.int(0, keys.length - 1)]!;
  delete (parentOf(doc, path) as Record<string, Json>)[path[path.length - 1] as string];
  return true;
}

/** Replaces the payload of one "Program data:" log line with garbage; false if there is none. */
function garbleProgramData(doc: Json, rng: Rng): boolean {
  const lines = leafPaths(doc).filter((p) => {
    const v = (parentOf(doc, p) as Record<string | number, Json>)[p[p.length - 1]!];
    return typeof v === "string" && v.startsWith(PROGRAM_DATA);
  });
  if (!lines.length) return false;
  const path = lines[rng.int(0, lines.length - 1)]!;
  const parent = parentOf(doc, path) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  parent[key] = PROGRAM_DATA + garbagePayload((parent[key] as string).slice(PROGRAM_DATA.length), rng);
  return true;
}

/** Garbage in place of a base64 event: not base64, too short, unknown discriminator, or a real one cut short. */
export function garbagePayload(original: string, rng: Rng): string {
  const random = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.int(0, 255));
  switch (rng.int(0, 3)) {
    case 0:
      return "!!not*base64%%" + String.fromCharCode(...random(6).map((b) => 0x21 + (b % 90)));
    case 1:
      return Buffer.from(random(rng.int(1, 7))).toString("base64");
    case 2: {
      const bytes = random(8 + rng.int(0, 64));
      while (EVENT_DISCRIMINATORS.includes(Buffer.from(bytes.subarray(0, 8)).toString("hex"))) bytes[0] = (bytes[0]! + 1) & 0xff;
      return Buffer.from(bytes).toString("base64");
    }
    default: {
      const decoded = Uint8Array.from(Buffer.from(original, "base64"));
      const disc = decoded.length >= 8 ? decoded.subarray(0, 8) : Uint8Array.from(Buffer.from(EVENT_DISCRIMINATORS[1]!, "hex"));
      // A string length no frame can satisfy, then a few bytes: every event decoder must run out of data.
      const out = new Uint8Array(16);
      out.set(disc, 0);
      out.set([0xff, 0xff, 0xff, 0x7f], 8);
      out.set(random(4), 12);
      return Buffer.from(out).toString("base64");
    }
  }
}
