import type { z } from "zod";

// Small helpers over plain objects addressed by dotted paths, and over the key tree of a zod schema.

/** True for a plain object (a TOML table), not an array or class instance. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets `value` at `path` inside `target`, creating (or replacing non-table) intermediate tables. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** The value at `path`, or undefined. */
export function getPath(target: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = target;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Calls `visit` for every leaf (non-table value, arrays included) with its path. */
export function forEachLeaf(
  tree: Record<string, unknown>,
  visit: (path: string[], value: unknown) => void,
  prefix: string[] = [],
): void {
  for (const [k, v] of Object.entries(tree)) {
    if (isPlainObject(v) && Object.keys(v).length > 0) forEachLeaf(v, visit, [...prefix, k]);
    else visit([...prefix, k], v);
  }
}

/** Recursively freezes a plain data tree and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

interface ZodDefLike {
  type?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  out?: z.ZodType;
}

/** The keys of an object schema, looking through default/prefault/optional/preprocess wrappers. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; i < 10 && s !== undefined; i++) {
    const def: ZodDefLike = (s as unknown as { _zod: { def: ZodDefLike } })._zod.def;
    if (def.type === "object") return def.shape;
    s = def.innerType ?? (def.type === "pipe" ? def.out : undefined);
  }
  return undefined;
}
