/** Whether this process may write /dev/cpu_dma_latency (root): the held-request tests need it. */
import { accessSync, constants } from "node:fs";

/** True when the idle-latency device can be held here. */
export const idleDeviceWritable: boolean = (() => {
  try {
    accessSync("/dev/cpu_dma_latency", constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();
