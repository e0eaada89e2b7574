// Bounding and escaping of alert text for the chat formats. Alert text may carry attacker-chosen token
// symbols: they must not become HTML, Markdown links or mentions.

/** `s` cut to at most `max` characters, ending with `…` when cut (never half a surrogate pair). */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let head = s.slice(0, Math.max(0, max - 1));
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return `${head}…`;
}

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** HTML-escaped `s`, at most `max` characters of output, never cutting inside an entity. */
export function escapeHtml(s: string, max = Number.MAX_SAFE_INTEGER): string {
  let out = "";
  for (const ch of s) {
    const piece = HTML[ch] ?? ch;
    if (out.length + piece.length > max - 1) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Discord Markdown neutralised: every formatting character backslash-escaped (links, code, spoilers, headings). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\*_~`|>[\]()#<]/g, (c) => `\\${c}`);
}

/** Upper-case severity label. */
export const severityLabel = (s: string) => s.toUpperCase();
