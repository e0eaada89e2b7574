/**
 * Loaded before every test file (bunfig.toml): hooks declared here run once for the whole run. A
 * shared helper's own top-level afterAll would belong to the first test file that imports it only.
 */
import { afterAll } from "bun:test";
import { removeRunTempDirs } from "./temp-dirs.ts";

afterAll(removeRunTempDirs);
