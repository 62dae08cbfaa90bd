/**
 * A real single-node Slurm cluster in a private folder, for tests and for trying
 * `deno task sweep:slurm` on one machine: munged with its own key, socket and pid
 * file, and slurmctld and slurmd sharing one `slurm.conf` (recipe verified in
 * `../shared/ENVIRONMENT.md`). Only the daemons it started are stopped, by the PIDs
 * in their own pid files.
 *
 * ```sh
 * deno run -A validation/slurm/local_slurm.ts start /tmp/my-slurm   # prints: export SLURM_CONF=...
 * SLURM_CONF=/tmp/my-slurm/slurm.conf deno task sweep:slurm -- sweep.json --out out/rows.csv --shards 4
 * deno run -A validation/slurm/local_slurm.ts stop /tmp/my-slurm
 * ```
 *
 * Needs root and Debian's `slurmctld slurmd slurm-client munge`
 * (`apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge`).
 *
 * @module
 */

/** A running local cluster. */
export interface LocalSlurm {
  /** The private folder holding every file of the cluster. */
  dir: string;
  /** Path of the `slurm.conf` daemons and clients share. */
  conf: string;
  /** Environment for client commands (`sbatch`, `squeue`): `SLURM_CONF`. */
  env: Record<string, string>;
}

const BINARIES = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"];
const DAEMON_PID_FILES = ["slurmd.pid", "slurmctld.pid", "munge-run/munged.pid"];

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { ok: out.success, text };
}

/** Why a local Slurm cannot start here, or `undefined` when it can. */
export async function slurmUnavailable(): Promise<string | undefined> {
  if (Deno.build.os !== "linux") return `Slurm needs Linux, not ${Deno.build.os}`;
  for (const binary of BINARIES) {
    const found = await run("sh", ["-c", `command -v ${binary}`]).catch(() => ({ ok: false }));
    if (!found.ok) {
      return `${binary} is not installed (apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge)`;
    }
  }
  if (Deno.uid() !== 0) return "starting slurmd needs root";
  return undefined;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts munged, slurmctld and slurmd in `dir` (created, must be new or empty) and
 * waits until the node is idle.
 *
 * @param dir The private folder.
 * @returns The cluster.
 */
export async function startLocalSlurm(dir: string): Promise<LocalSlurm> {
  const why = await slurmUnavailable();
  if (why !== undefined) throw new Error(`Cannot start a local Slurm as ${why}`);
  dir = await Deno.realPath(await Deno.mkdir(dir, { recursive: true }).then(() => dir));
  for (const sub of ["munge", "munge-run", "state", "spool", "log"]) {
    await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
  }
  await Deno.chmod(dir, 0o755);
  await Deno.chmod(`${dir}/munge`, 0o700);
  await Deno.chmod(`${dir}/munge-run`, 0o755);
  const key = `${dir}/munge/munge.key`;
  await Deno.writeFile(key, crypto.getRandomValues(new Uint8Array(1024)), { mode: 0o400 });
  await Deno.chmod(key, 0o400);
  const socket = `${dir}/munge-run/munge.socket`;
  const munge = await run("munged", [
    `--socket=${socket}`,
    `--key-file=${key}`,
    `--pid-file=${dir}/munge-run/munged.pid`,
    `--log-file=${dir}/log/munged.log`,
    `--seed-file=${dir}/munge/munged.seed`,
  ]);
  if (!munge.ok) throw new Error(`Cannot start munged: ${munge.text.trim()}`);

  const host = (await run("hostname", ["-s"])).text.trim();
  const cpus = navigator.hardwareConcurrency;
  const reported = /RealMemory=(\d+)/.exec((await run("slurmd", ["-C"])).text);
  const memory = Math.max(1, Math.floor(Number(reported?.[1] ?? 2048) * 0.9));
  const [ctldPort, slurmdPort] = [freePort(), freePort()];
  const conf = `${dir}/slurm.conf`;
  await Deno.writeTextFile(
    conf,
    [
      "# Written by validation/slurm/local_slurm.ts: a private single-node cluster",
      "ClusterName=migratelab",
      `SlurmctldHost=${host}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      "SchedulerParameters=batch_sched_delay=0,sched_min_interval=0",
      "ReturnToService=2",
      "MpiDefault=none",
      `NodeName=${host} CPUs=${cpus} RealMemory=${memory} State=UNKNOWN`,
      `PartitionName=local Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env = { SLURM_CONF: conf };
  const cluster = { dir, conf, env };
  for (const daemon of ["slurmctld", "slurmd"]) {
    const started = await run(daemon, ["-f", conf], env);
    if (!started.ok) {
      await stopLocalSlurm(cluster);
      throw new Error(`Cannot start ${daemon}: ${started.text.trim()}`);
    }
  }
  for (let i = 0; i < 100; i++) {
    const state = await run("sinfo", ["-h", "-o", "%t"], env);
    if (state.ok && /^(idle|mix|alloc)/.test(state.text.trim())) return cluster;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const log = await Deno.readTextFile(`${dir}/log/slurmd.log`).catch(() => "");
  await stopLocalSlurm(cluster);
  throw new Error(`Cannot start a local Slurm: the node never became idle\n${log.slice(-2000)}`);
}

/**
 * Stops the daemons of a cluster started by {@link startLocalSlurm}, by the PIDs in
 * its pid files (SIGTERM, then SIGKILL after 10 s), and nothing else.
 *
 * @param cluster The cluster (or just its folder).
 */
export async function stopLocalSlurm(cluster: { dir: string }): Promise<void> {
  for (const file of DAEMON_PID_FILES) {
    const text = await Deno.readTextFile(`${cluster.dir}/${file}`).catch(() => "");
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 1) continue;
    try {
      Deno.kill(pid, "SIGTERM");
    } catch {
      continue;
    }
    for (let i = 0; i < 100; i++) {
      try {
        Deno.kill(pid, "SIGCONT"); // throws once the process is gone
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (i === 99) Deno.kill(pid, "SIGKILL");
    }
  }
}

if (import.meta.main) {
  const [command, dir] = Deno.args;
  if ((command !== "start" && command !== "stop") || dir === undefined) {
    console.error("Usage: deno run -A validation/slurm/local_slurm.ts start|stop DIR");
    Deno.exit(2);
  }
  if (command === "start") {
    const cluster = await startLocalSlurm(dir);
    console.log(`export SLURM_CONF=${cluster.conf}`);
  } else {
    await stopLocalSlurm({ dir });
  }
}
