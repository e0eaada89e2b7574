import bs58 from "bs58";
import { REDACTED } from "../config/redact.ts";

// The last line of defence: applied to every serialized log line (and to every string field before it is
// cut to length), it removes the actual secret values and API keys in URLs, whatever field they hide in.

/** Hosts of RPC providers that put the API key in the URL path (`/v2/<key>`, `/<token>/`). */
export const KEYED_RPC_HOSTS = [
  "helius-rpc.com",
  "helius.xyz",
  "quiknode.pro",
  "quicknode.pro",
  "alchemy.com",
  "rpcpool.com",
  "getblock.io",
  "ankr.com",
  "chainstack.com",
  "syndica.io",
  "shyft.to",
  "extrnode.com",
  "blastapi.io",
  "drpc.org",
  "nodereal.io",
  "ironforge.network",
  "instantnodes.io",
] as const;

const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>\\`]+/gi;
const KEY_PARAM = /[?&;](?:api[-_]?key|apikey|key|token|access[-_]?token|auth|secret|password|sig|signature)=/i;
const SECRET_PARAM_VALUE = /([?&;](?:api[-_]?key|apikey|token|access[-_]?token|auth|secret|password)=)[^&\s"'\\#]+/gi;

function isKeyedHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, "");
  return KEYED_RPC_HOSTS.some((k) => h === k || h.endsWith(`.${k}`));
}

/** Redacts one URL found in text when it carries a key (query param, credentials, or a keyed provider path). */
export function scrubUrl(url: string): string {
  const m = /^([a-z]+):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (m === null) return url;
  const [, scheme, authority = "", rest = ""] = m;
  const host = authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority;
  const keyed = authority.includes("@") || KEY_PARAM.test(rest) || (isKeyedHost(host) && rest !== "" && rest !== "/");
  return keyed ? `${scheme}://${host}/${REDACTED}` : url;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The forms a wallet secret can leak in: base58, the 32-byte seed, byte arrays, hex, base64. */
function walletForms(secret: string): string[] {
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(secret);
  } catch {
    return [];
  }
  const seed = bytes.slice(0, 32);
  const buf = Buffer.from(bytes);
  const seedBuf = Buffer.from(seed);
  return [
    bs58.encode(seed),
    buf.toString("hex"),
    seedBuf.toString("hex"),
    buf.toString("base64"),
    seedBuf.toString("base64"),
    Array.from(bytes).join(","),
    Array.from(bytes).join(", "),
    Array.from(seed).join(","),
    Array.from(seed).join(", "),
  ];
}

/** The secret parts of a configured URL: the URL itself, long path segments and query values. */
function urlForms(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    for (const seg of u.pathname.split("/")) if (seg.length >= 12) out.push(seg);
    for (const [, v] of u.searchParams) if (v.length >= 8) out.push(v);
    if (u.password !== "") out.push(u.password);
  } catch {
    // not a URL: the literal is enough
  }
  return out;
}

/** What the scrubber must remove: secret values (any form) and configured URLs (their keyed parts). */
export interface ScrubTargets {
  secrets?: Readonly<Record<string, string | undefined>>;
  urls?: readonly string[];
}

/** A function removing secrets and keyed URLs from text; cheap enough to run on every log line. */
export type Scrubber = (text: string) => string;

/** Builds the scrubber for a set of secrets and configured URLs (values shorter than 4 chars are ignored). */
export function createScrubber(targets: ScrubTargets): Scrubber {
  const literals = new Set<string>();
  const add = (s: string | undefined) => {
    if (s === undefined || s.length < 4) return;
    literals.add(s);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) literals.add(escaped);
  };
  for (const [name, value] of Object.entries(targets.secrets ?? {})) {
    if (value === undefined) continue;
    add(value);
    if (name === "walletSecret") for (const f of walletForms(value)) add(f);
  }
  for (const url of targets.urls ?? []) for (const f of urlForms(url)) add(f);
  const sorted = [...literals].sort((a, b) => b.length - a.length);
  const literal = sorted.length === 0 ? undefined : new RegExp(sorted.map(escapeRegExp).join("|"), "g");
  return (text: string) => {
    let s = literal === undefined ? text : text.replace(literal, REDACTED);
    if (s.includes("://")) s = s.replace(URL_IN_TEXT, scrubUrl);
    if (s.includes("=")) s = s.replace(SECRET_PARAM_VALUE, `$1${REDACTED}`);
    return s;
  };
}
