/** Process entry of `bun run start`: config (exit 2 when invalid), logging, the bot, signals, exit code. */
import { resolveConfigOrExit } from "./config/index.ts";
import { createLogging } from "./log/index.ts";
import { installSignalHandlers } from "./runtime/signals.ts";
import { startBot } from "./bot.ts";

const loaded = resolveConfigOrExit(process.argv.slice(2), process.env, process.cwd());
const logging = createLogging({ config: loaded.config, secrets: loaded.secrets, isTty: Boolean(process.stdout.isTTY) });
// Without a TTY the pretty log is off, so the URLs a user needs are printed plainly as well.
const announce = (line: string, fields: Record<string, string>): void => {
  logging.root.info(fields, line);
  if (!process.stdout.isTTY) process.stdout.write(`${line}\n`);
};
const bot = await startBot({
  loaded,
  logging,
  onStatusUrl: (url) => announce(`status page: ${url}`, { status: url }),
  onSimReady: ({ httpUrl, wsUrl }) => announce(`simulated cluster: ${httpUrl} (ws ${wsUrl})`, { simHttp: httpUrl, simWs: wsUrl }),
}).catch(async (error: unknown) => {
  // A start-up failure (the database held by another bot, an unwritable data dir) stops before trading.
  logging.root.fatal({ err: error }, "start-up failed");
  await logging.close();
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
installSignalHandlers({
  onShutdown: (signal) => bot.lifecycle.shutdown(signal),
  exit: (code) => {
    logging.flushSync();
    process.exit(code);
  },
});
process.exit(await bot.done);
