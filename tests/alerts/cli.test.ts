import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { alertsSection, type AlertsSettings } from "../../src/alerts/index.ts";
import { runAlertTest } from "../../src/cli/alert-test.ts";
import { captureLogger, hangingReceiver, receiver, stopReceivers } from "./helpers.ts";

const SCRIPT = resolve(import.meta.dir, "../../src/cli/alert-test.ts");
const dirs: string[] = [];
afterEach(async () => {
  await stopReceivers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function runCli(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "alert-test-"));
  dirs.push(cwd);
  const proc = Bun.spawn(["bun", "run", SCRIPT], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out, err };
}

describe("bun run alert:test", () => {
  test("one line per sink with timing; exit 1 when any failed; every sink is waited for", async () => {
    const ok = receiver();
    const down = receiver(() => new Response("no", { status: 500 }));
    const hang = hangingReceiver();
    const settings = alertsSection.parse({ delivery: { timeoutMs: 100, retries: 1, backoffInitialMs: 10 }, telegram: { chatId: "1" } }) as AlertsSettings;
    const { logger, lines: logLines } = captureLogger();
    const { ok: allOk, lines } = await runAlertTest({
      settings,
      secrets: { webhookUrl: `${ok.url}/w`, discordWebhookUrl: `${down.url}/d`, telegramBotToken: "9:SECRET" },
      logger,
      telegramBaseUrl: hang.url,
    });
    expect(allOk).toBe(false);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^log: ok in \d+ ms$/);
    expect(lines[1]).toMatch(new RegExp(`^webhook \\(${ok.host}\\): ok in \\d+ ms$`));
    expect(lines[2]).toMatch(new RegExp(`^discord \\(${down.host}\\): failed: HTTP 500 from ${down.host} \\(2 attempts, \\d+ ms\\)$`));
    expect(lines[3]).toMatch(/^telegram \(127\.0\.0\.1:\d+\): failed: timed out.* \(2 attempts, \d+ ms\)$/);
    expect(lines.join("\n")).not.toContain("SECRET");
    expect(logLines.some((l) => l.includes("Alert triggered") && l.includes("alert-test"))).toBe(true);
    expect(ok.received).toHaveLength(1);
  });

  test("as a process: exit 0 when every sink delivered (a store sink without a database yet is skipped)", async () => {
    const ok = receiver();
    const { code, out } = await runCli({ SNIPER_WEBHOOK_URL: `${ok.url}/hook/s3cr3t-value` });
    expect(out).toMatch(
      /^log: ok in \d+ ms\nstore: skipped: no database at \S+\/data\/sniper\.db yet \(the bot creates it on its first start\)\nwebhook \(127\.0\.0\.1:\d+\): ok in \d+ ms\n$/,
    );
    expect(code).toBe(0);
    expect(out).not.toContain("s3cr3t");
    expect(ok.received[0]?.body).toMatchObject({ rule: "alert-test", severity: "info" });
  });

  test("as a process: exit 1 when a sink refused", async () => {
    const refuse = receiver(() => new Response("gone", { status: 404 }));
    const { code, out } = await runCli({ SNIPER_WEBHOOK_URL: `${refuse.url}/hook` });
    expect(out).toContain(`webhook (${refuse.host}): failed: HTTP 404 from ${refuse.host} (1 attempt,`);
    expect(code).toBe(1);
  });

  test("as a process: a bot token without a chat id is a config error naming alerts.telegram.chatId, without the token", async () => {
    const { code, out, err } = await runCli({ SNIPER_TELEGRAM_BOT_TOKEN: "555:tok-SECRET-xyz" });
    expect(err).toContain("alerts.telegram.chatId");
    expect(out + err).not.toContain("tok-SECRET");
    expect(code).toBe(2);
  });
});
