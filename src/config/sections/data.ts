import { section, text } from "../fields.ts";

/** `[data]`: where the SQLite history lives. */
export const dataSection = section({
  dbPath: text().default("data/sniper.db"),
});
