/**
 * Builders shared by the real-time tests: tasks, VMs and platforms. Internal to tests/realtime.
 *
 * @module
 */
import type {
  GuestScheduler,
  PeriodicTask,
  Platform,
  Processor,
  RealTimeVm,
} from "../../lib/realtime/mod.ts";
import { createPrng } from "../../mod.ts";
import { minimumBudget, randomTaskSet } from "../../lib/realtime/mod.ts";

/** A task (C, T) with D = T unless given. */
export function task(
  wcetSeconds: number,
  periodSeconds: number,
  deadlineSeconds: number = periodSeconds,
  name = `t${wcetSeconds}/${periodSeconds}`,
): PeriodicTask {
  return { name, periodSeconds, wcetSeconds, deadlineSeconds };
}

/** A processor of capacity 1 with 1 GiB of RAM unless given. */
export function processor(name: string, capacity = 1, ramBytes = 2 ** 30): Processor {
  return { name, capacity, ramBytes, link: { bandwidthBytesPerSecond: 125e6 } };
}

/** A VM with a 1 MiB image unless given. */
export function vm(
  name: string,
  tasks: PeriodicTask[],
  server: { periodSeconds: number; budgetSeconds: number },
  scheduler: GuestScheduler = "edf",
  pageCount = 256,
): RealTimeVm {
  return {
    name,
    tasks,
    scheduler,
    server,
    image: { pageCount, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
  };
}

/**
 * A seeded random platform: `processorCount` processors with `vmsPerProcessor` VMs each,
 * every VM with 3 UUniFast tasks of total utilization `vmUtilization`, periods 10–100 ms
 * (1 ms grid), deadlines in [0.7 T, T], server period 5 ms and the minimum budget
 * rounded up to 1 µs. Schedulers alternate EDF / fixed priority.
 */
export function randomPlatform(
  seed: number,
  processorCount: number,
  vmsPerProcessor: number,
  vmUtilization: number,
): Platform {
  const processors = Array.from({ length: processorCount }, (_, p) => processor(`p${p}`));
  const vms: RealTimeVm[] = [];
  const placement: number[] = [];
  for (let p = 0; p < processorCount; p++) {
    for (let k = 0; k < vmsPerProcessor; k++) {
      const index = vms.length;
      const tasks = randomTaskSet(createPrng(seed, "vm", index), {
        taskCount: 3,
        utilization: vmUtilization,
        minDeadlineRatio: 0.7,
      });
      const scheduler: GuestScheduler = index % 2 === 0 ? "edf" : "fixed-priority";
      const budget = minimumBudget(tasks, scheduler, 0.005)!;
      vms.push(vm(`vm${index}`, tasks, {
        periodSeconds: 0.005,
        budgetSeconds: Math.ceil(budget * 1e6) / 1e6,
      }, scheduler));
      placement.push(p);
    }
  }
  return { processors, vms, placement };
}

/** A one-processor platform with one VM on a dedicated server (Θ = Π). */
export function dedicatedPlatform(tasks: PeriodicTask[], scheduler: GuestScheduler): Platform {
  return {
    processors: [processor("p0")],
    vms: [vm("a", tasks, { periodSeconds: 1, budgetSeconds: 1 }, scheduler)],
    placement: [0],
  };
}

/** Least common multiple of integer periods. */
export function hyperperiod(tasks: readonly PeriodicTask[]): number {
  const gcd = (a: number, b: number): number => b === 0 ? a : gcd(b, a % b);
  return tasks.reduce((h, t) => h / gcd(h, t.periodSeconds) * t.periodSeconds, 1);
}
