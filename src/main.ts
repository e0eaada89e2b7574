/** Process entry of `bun run start`: config (exit 2 when invalid), logging, the bot, signals, exit code. */
import { resolveConfigOrExit } from "./config/index.ts";
import { createLogging } from "./log/index.ts";
import { installSignalHandlers } from "./runtime/signals.ts";
import { startBot } from "./bot.ts";

const loaded = resolveConfigOrExit(process.argv.slice(2), process.env, process.cwd());
const logging = createLogging({ config: loaded.config, secrets: loaded.secrets, isTty: Boolean(process.stdout.isTTY) });
const bot = startBot({
  loaded,
  logging,
  onStatusUrl: (url) => {
    logging.root.info({ status: url }, `status page: ${url}`);
    if (!process.stdout.isTTY) process.stdout.write(`status page: ${url}\n`);
  },
});
installSignalHandlers({
  onShutdown: (signal) => bot.lifecycle.shutdown(signal),
  exit: (code) => {
    logging.flushSync();
    process.exit(code);
  },
});
process.exit(await bot.done);
