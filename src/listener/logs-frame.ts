/**
 * Reads a logsNotification frame written in the exact shape RPC nodes write it, without JSON.parse: its
 * subscription, slot, signature and where each log line lies in the text: less garbage and less time per
 * frame than building the JSON tree (see tests/listener/hot-path.bench.ts and README "Listener"). Any other
 * frame (another key order, extra fields, an escape or control character, a failed transaction) reads
 * false and goes to JSON.parse: what this accepts is a strict subset of valid JSON, read with the same
 * meaning.
 */

const HEAD = '{"jsonrpc":"2.0","method":"logsNotification","params":{"result":{"context":{"slot":';
const VALUE = '},"value":{"signature":"';
const LOGS = '","err":null,"logs":[';
const TAIL = ']}},"subscription":';
const END = "}}";
/** Escapes and control characters: such frames are JSON.parse's to read (or to reject). */
const NOT_PLAIN = /[\\\u0000-\u001f]/;
/** Longest integer read here (below 2^53). */
const MAX_DIGITS = 15;
const QUOTE = 34;
const COMMA = 44;
const CLOSE_BRACKET = 93;

/**
 * A copy of `slice` that does not keep the string it was cut from alive. JavaScriptCore's slices share
 * their parent's buffer: a signature sliced from a frame and kept (in the events the throttler and the
 * positions hold, the backfill anchor, a repair job; the de-duplication ring did until it moved to typed
 * arrays) holds the whole 3-5 KB frame (measured: RSS 549 MB in the bench's soak instead of ~200). A
 * JSON round trip builds the copy in a fresh buffer (joining a character and reading it was tried: once
 * compiled, the read is dropped as dead code and the slice of the join shares the frame again).
 */
export function detached(slice: string): string {
  return JSON.parse(JSON.stringify(slice)) as string;
}

/** The fields of the last frame read; one instance is reused for every frame (no allocation but the signature). */
export class LogsFrame {
  subscription = 0;
  slot = 0;
  signature = "";
  /** Log line i is `text.slice(starts[i], ends[i])` (a JSON string's contents, free of escapes). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  lines = 0;
  private value = 0;

  /** `maxLines`: a frame with more log lines reads false (JSON.parse takes it). */
  constructor(readonly maxLines = 1024) {
    this.starts = new Int32Array(maxLines);
    this.ends = new Int32Array(maxLines);
  }

  /** True when `text` is a canonical logsNotification of a successful transaction; the fields are then set. */
  read(text: string): boolean {
    if (!text.startsWith(HEAD) || NOT_PLAIN.test(text)) return false;
    let p = this.integer(text, HEAD.length);
    if (p < 0 || !text.startsWith(VALUE, p)) return false;
    const slot = this.value;
    const sigStart = p + VALUE.length;
    const sigEnd = text.indexOf('"', sigStart);
    if (sigEnd < 0 || !text.startsWith(LOGS, sigEnd)) return false;
    p = sigEnd + LOGS.length;
    let n = 0;
    if (text.charCodeAt(p) !== CLOSE_BRACKET) {
      for (;;) {
        if (text.charCodeAt(p) !== QUOTE || n === this.maxLines) return false;
        const close = text.indexOf('"', p + 1);
        if (close < 0) return false;
        this.starts[n] = p + 1;
        this.ends[n] = close;
        n++;
        const next = text.charCodeAt(close + 1);
        if (next === COMMA) p = close + 2;
        else if (next === CLOSE_BRACKET) {
          p = close + 1;
          break;
        } else return false;
      }
    }
    if (!text.startsWith(TAIL, p)) return false;
    p = this.integer(text, p + TAIL.length);
    if (p < 0 || p + END.length !== text.length || !text.endsWith(END)) return false;
    this.subscription = this.value;
    this.slot = slot;
    this.signature = detached(text.slice(sigStart, sigEnd));
    this.lines = n;
    return true;
  }

  /** Reads a JSON non-negative integer at `p` into `value`; the index after it, or -1. */
  private integer(text: string, p: number): number {
    let v = 0;
    let i = p;
    for (; i < text.length && i - p <= MAX_DIGITS; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    const digits = i - p;
    // JSON has no leading zeros ("012"); longer numbers are not exact here.
    if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && text.charCodeAt(p) === 48)) return -1;
    this.value = v;
    return i;
  }
}
