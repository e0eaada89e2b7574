import bs58 from "bs58";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../src/clock.ts";
import type { Secrets } from "../../src/config/index.ts";
import { createLogging, type Logging } from "../../src/log/index.ts";

const dirs: string[] = [];
const open: Logging[] = [];

/** A fresh directory for log files. */
export function logDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sniper-log-"));
  dirs.push(dir);
  return dir;
}

/** Closes every logging made by makeLogging and removes the directories. */
export async function cleanup(): Promise<void> {
  for (const l of open.splice(0)) await l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Options of makeLogging. */
export interface MakeOptions {
  level?: "trace" | "debug" | "info" | "warn" | "error";
  ringSize?: number;
  pretty?: "auto" | boolean;
  isTty?: boolean;
  secrets?: Secrets;
  rpc?: { httpUrls: string[]; wsUrls: string[] };
  clock?: Clock;
}

/** createLogging into a temp dir with stdout captured in `pretty`. */
export function makeLogging(o: MakeOptions = {}): { logging: Logging; dir: string; pretty: string[] } {
  const dir = logDir();
  const pretty: string[] = [];
  const logging = createLogging({
    config: {
      log: { level: o.level ?? "trace", dir, ringSize: o.ringSize ?? 1000, pretty: o.pretty ?? true },
      rpc: o.rpc ?? { httpUrls: [], wsUrls: [] },
    },
    secrets: o.secrets ?? {},
    isTty: o.isTty ?? false,
    stdout: { write: (s: string) => void pretty.push(s) },
    exitHook: false,
    ...(o.clock === undefined ? {} : { clock: o.clock }),
  });
  open.push(logging);
  return { logging, dir, pretty };
}

/** All text of the files in a directory (the daily logs and the spill file). */
export function filesText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("");
}

/** The JSON lines of a file, parsed. */
export function readLines(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A random marker that must never appear in any output. */
export function plant(prefix = "SECRET_PLANT"): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** A random valid wallet secret and its 64 bytes. */
export function plantWallet(): { secret: string; bytes: Uint8Array } {
  const bytes = crypto.getRandomValues(new Uint8Array(64));
  return { secret: bs58.encode(bytes), bytes };
}
