// Bounding attacker-chosen text (token names, symbols, URIs, error messages) before it reaches a log line.

// ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-byte ESC sequences.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
// C0/C1 controls (newline and tab handled separately) and bidi overrides / isolates (Trojan-source tricks).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\n\r\t]+/g;

/**
 * Strips escape sequences and control characters, then cuts to `max` characters with a visible marker
 * (`…[+123 chars]`). Newlines become spaces unless `keepNewlines` (stack traces).
 */
export function boundText(value: string, max: number, keepNewlines = false): string {
  let s = value.replace(ANSI, "").replace(CONTROL, "");
  if (!keepNewlines) s = s.replace(LINE_BREAKS, " ");
  if (s.length <= max) return s;
  let cut = s.slice(0, max);
  // do not leave half of a surrogate pair
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…[+${s.length - cut.length} chars]`;
}
