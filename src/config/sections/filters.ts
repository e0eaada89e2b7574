import { z } from "zod";
import { int, section, toList } from "../fields.ts";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "../../chain/pump/constants.ts";
import { unsafePatternReason } from "../../domain/filters/patterns.ts";

const LAMPORTS = Number.MAX_SAFE_INTEGER;
const lamports = () => int(0, LAMPORTS);
const stringList = () =>
  z.preprocess(toList, z.array(z.string({ error: "must be a list of strings" }), { error: "must be a list of strings" }));
// Patterns are compiled once at load; one that could backtrack badly on a hostile token name is refused.
const patternList = () =>
  z.preprocess(
    toList,
    z.array(
      z.string({ error: "must be a list of regular expressions" }).superRefine((p, ctx) => {
        const unsafe = unsafePatternReason(p);
        if (unsafe !== null) return void ctx.addIssue({ code: "custom", message: `pattern ${JSON.stringify(p.slice(0, 40))}: ${unsafe}` });
        try {
          new RegExp(p, "i");
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${(e as Error).message}` });
        }
      }),
      { error: "must be a list of regular expressions" },
    ),
  );

/** `[filters]`: which launches to buy and how much (lamports), all checked before the buy is sent. */
export const filtersSection = section({
  nameDeny: patternList().default([]),
  nameAllow: patternList().default([]),
  maxNameChars: int(1, 256).default(64),
  creatorDeny: stringList().default([]),
  creatorAllow: stringList().default([]),
  maxCreatorRugs: int(0, 1_000_000).default(0),
  devBuyMinLamports: lamports().default(0),
  devBuyMaxLamports: lamports().default(0),
  tokenPrograms: stringList().default([TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID]),
  maxLaunchesPerMinute: int(0, 10_000).default(10),
  maxOpenPositions: int(0, 10_000).default(5),
  maxTokenExposureLamports: lamports().default(0),
  maxTotalExposureLamports: lamports().default(2_000_000_000),
  balanceFloorLamports: lamports().default(100_000_000),
  feeReserveLamports: lamports().default(5_000_000),
  buyLamports: int(1, LAMPORTS).default(100_000_000),
  slippageBps: int(0, 9_999).default(1_500),
  protocolFeeBps: int(0, 1_000).default(95),
  creatorFeeBps: int(0, 1_000).default(30),
});
