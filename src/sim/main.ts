/**
 * `bun run src/sim/main.ts`: the simulated cluster standalone (loopback JSON-RPC + websocket that
 * emulates pump.fun), with the seeded market model and optional fault injection.
 */
import { SniperError } from "../errors.ts";
import { startSimCluster } from "./cluster/index.ts";
import { createFaultPolicy, faultArgs, parseFaultSpecs } from "./faults/index.ts";
import { createMarket } from "./market/index.ts";

const HELP = `Simulated Solana cluster (pump.fun emulation) on 127.0.0.1

Usage: bun run src/sim/main.ts [options]

Options:
  --seed N            seed of every random choice (blockhashes, signatures, mints, market)  [1]
  --launch-rate R     token launches per second by the market model; 0 disables the market  [0.5]
  --slot-ms N         slot duration in milliseconds                                         [400]
  --http-port N       HTTP JSON-RPC port; 0 picks a free one                                [8899]
  --ws-port N         websocket port                                          [http port + 1]
  --referee-out FILE  write the referee report (JSON) to FILE on exit
  --fault SPEC        inject a fault (repeatable), e.g. --fault http429:rate=0.2,retryAfter=1
  --exit-with-parent  stop (writing the referee file) when stdin closes, and ignore SIGINT/SIGTERM:
                      the bot runs the cluster this way, so a Ctrl-C to the process group lets the bot
                      shut down first, and a killed bot never leaves the cluster behind
  --help              show this help

Endpoints: JSON-RPC on http://127.0.0.1:PORT, subscriptions on ws://127.0.0.1:WSPORT,
the referee report on GET http://127.0.0.1:PORT/_sim/referee, counters on GET /_sim/stats.
Stops cleanly (writing the referee file) on SIGINT / SIGTERM. A bad option or --fault spec: one line
on stderr naming it, exit code 2.
`;

/** Parsed command line. */
export interface SimArgs {
  seed: number;
  launchRate: number;
  slotMs: number;
  httpPort: number;
  wsPort: number | undefined;
  refereeOut: string | undefined;
  faults: string[];
  help: boolean;
  exitWithParent: boolean;
}

function intArg(name: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min) throw new SniperError("config", `${name} must be an integer >= ${min}`, { value: v });
  return n;
}

/** Parses `argv` (without the runtime and script); throws a `config` SniperError naming the option or the bad `--fault` spec. */
export function parseSimArgs(argv: readonly string[]): SimArgs {
  const faults = faultArgs(argv);
  // Checked here, with the other options, so a bad spec is a one-line error (exit 2), not a crash at start.
  parseFaultSpecs(faults);
  const out: SimArgs = { seed: 1, launchRate: 0.5, slotMs: 400, httpPort: 8899, wsPort: undefined, refereeOut: undefined, faults, help: false, exitWithParent: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--help":
      case "-h":
        out.help = true;
        break;
      case "--exit-with-parent":
        out.exitWithParent = true;
        break;
      case "--seed":
        out.seed = intArg("--seed", value(), 0);
        break;
      case "--launch-rate": {
        const v = value();
        const r = Number(v);
        if (v === undefined || !Number.isFinite(r) || r < 0) throw new SniperError("config", "--launch-rate must be a number >= 0", { value: v });
        out.launchRate = r;
        break;
      }
      case "--slot-ms":
        out.slotMs = intArg("--slot-ms", value(), 1);
        break;
      case "--http-port":
        out.httpPort = intArg("--http-port", value(), 0);
        break;
      case "--ws-port":
        out.wsPort = intArg("--ws-port", value(), 0);
        break;
      case "--referee-out": {
        const v = value();
        if (!v) throw new SniperError("config", "--referee-out needs a file path");
        out.refereeOut = v;
        break;
      }
      case "--fault":
        if (inline === undefined) i++;
        break;
      default:
        throw new SniperError("config", `unknown option ${a} (see --help)`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  let args: SimArgs;
  try {
    args = parseSimArgs(Bun.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  const faults = args.faults.length > 0 ? createFaultPolicy({ rules: args.faults, seed: args.seed }) : undefined;
  const market = args.launchRate > 0 ? createMarket({ seed: args.seed, launchRatePerSec: args.launchRate }) : undefined;
  let cluster: Awaited<ReturnType<typeof startSimCluster>>;
  try {
    cluster = await startSimCluster({
      seed: args.seed,
      slotMs: args.slotMs,
      httpPort: args.httpPort,
      wsPort: args.wsPort,
      refereeOut: args.refereeOut,
      faults,
      market,
    });
  } catch (e) {
    // A port taken by another process, most often: one line naming the ports, not a stack trace.
    const ws = args.wsPort ?? (args.httpPort === 0 ? 0 : args.httpPort + 1);
    console.error(`sim cluster did not start on 127.0.0.1 (http port ${args.httpPort}, ws port ${ws}): ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  console.log(`sim cluster http ${cluster.httpUrl}`);
  console.log(`sim cluster ws   ${cluster.wsUrl}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`sim cluster stopping (${signal})`);
    cluster.stop().then(
      () => {
        if (args.refereeOut) console.log(`referee report written to ${args.refereeOut}`);
        process.exit(0);
      },
      (e: unknown) => {
        console.error(`sim cluster stop failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  if (args.exitWithParent) {
    // Under the bot, a Ctrl-C or `timeout` signals the whole process group: the bot decides when we stop
    // (it closes our stdin after its own shutdown), so group signals are ignored here. When the bot dies,
    // even by kill -9, the pipe closes too.
    process.on("SIGINT", () => {});
    process.on("SIGTERM", () => {});
    void (async () => {
      for await (const _ of Bun.stdin.stream()) {
        // the parent never writes; reading only waits for end of file
      }
      if (!stopping) stop("parent closed stdin");
    })();
  } else {
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  }
}

if (import.meta.main) await main();
