// Attacker-chosen text (token names, symbols) made safe for each output: bounded, controls neutralised,
// then escaped for the target syntax. Every string a renderer prints goes through one of these.

/** Longest attacker-chosen string shown, in code points (longer ones end with an ellipsis). */
export const MAX_DISPLAY_CHARS = 64;

// C0/C1 controls, bidi overrides/isolates and zero-width characters: they reorder or hide text.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** Bounds the length (code points) and replaces control / bidi / zero-width characters with U+FFFD. */
export function displayText(text: string, max = MAX_DISPLAY_CHARS): string {
  const clean = text.replace(UNSAFE_CHARS, "\ufffd");
  const points = [...clean];
  return points.length <= max ? clean : `${points.slice(0, Math.max(0, max - 1)).join("")}\u2026`;
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Escapes text for a Markdown table cell or paragraph: HTML-significant characters become entities (no
 * raw tag survives a Markdown-to-HTML viewer); emphasis, code, link brackets and table pipes are
 * backslash-escaped (without `[` `]` no link or image can form, so parentheses stay readable); line
 * breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]{}|~]/g, (c) => `\\${c}`);
}
