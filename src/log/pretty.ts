import pino from "pino";
import { prettyFactory } from "pino-pretty";

/** Something lines can be written to synchronously (stdout, or a capture in tests). */
export interface LineSink {
  write(text: string): unknown;
}

/** stdout as a synchronous pino destination (no worker thread, nothing lost at exit). */
export function stdoutSink(): LineSink {
  return pino.destination({ dest: 1, sync: true });
}

/**
 * A multistream target rendering each JSON line human-readable with pino-pretty, synchronously
 * (pino-pretty's factory, not its worker transport, which fails under `bun build --compile`).
 */
export function prettyStream(out: LineSink, colorize: boolean): { write(line: string): void } {
  const render = prettyFactory({
    colorize,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname",
    singleLine: false,
  });
  return {
    write(line: string) {
      out.write(render(line));
    },
  };
}
