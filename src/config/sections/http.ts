import { port, section, text } from "../fields.ts";

/** `[http]`: the status page / JSON API / control endpoints; loopback by default. */
export const httpSection = section({
  host: text().default("127.0.0.1"),
  port: port().default(8787),
});
