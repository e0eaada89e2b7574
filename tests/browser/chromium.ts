/**
 * Debian's Chromium for the real-browser tests, driven by playwright-core (which never downloads a
 * browser of its own: it is pointed at /usr/bin/chromium). When the binary is missing, the tests run the
 * same setup script CI runs (`.ci/setup-extra`, apt-get install chromium) before they start.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const SETUP_SCRIPT = join(import.meta.dir, "../../.ci/setup-extra");

/** Flags for this closed network: no GPU, no QUIC, no background traffic, no updates or sync. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Whether Chromium can be used, after running `.ci/setup-extra` once if it was missing. */
export function ensureChromium(): { ok: true } | { ok: false; why: string } {
  if (existsSync(CHROMIUM)) return { ok: true };
  process.stderr.write(`[browser tests] ${CHROMIUM} is missing: running ${SETUP_SCRIPT} (apt-get install chromium)\n`);
  const run = Bun.spawnSync(["bash", SETUP_SCRIPT], { stdout: "inherit", stderr: "inherit", timeout: 300_000 });
  if (run.exitCode === 0 && existsSync(CHROMIUM)) return { ok: true };
  return {
    ok: false,
    why: `${CHROMIUM} is missing and ${SETUP_SCRIPT} exited ${run.exitCode ?? "on a signal"}: run '.ci/setup-extra' (or 'apt-get update && apt-get install -y chromium') as root`,
  };
}

/** A headless Chromium with a fresh profile directory (removed by `close`). */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "sniper-chromium-"));
  // A persistent context is how playwright takes a --user-data-dir: a fresh one per run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 30_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
