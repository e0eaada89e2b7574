/** The command-line flags the config layer reads; everything else on the command line is left alone. */
export interface ConfigFlags {
  /** `--config PATH`: the TOML file (must exist). */
  configPath?: string;
  /** `--mode sim|paper|live`: wins over file and environment. */
  mode?: string;
  /** `--print-config`: print the redacted effective config and exit 0. */
  printConfig: boolean;
}

/** Reads `--config PATH`/`--config=PATH`, `--mode M`/`--mode=M` and `--print-config` from argv. */
export function parseConfigFlags(argv: readonly string[]): ConfigFlags {
  const flags: ConfigFlags = { printConfig: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) return "";
      i++;
      return next;
    };
    if (name === "--config") flags.configPath = take();
    else if (name === "--mode") flags.mode = take();
    else if (name === "--print-config") flags.printConfig = true;
  }
  return flags;
}
