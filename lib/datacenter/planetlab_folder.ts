/**
 * Where the PlanetLab trace days are: an explicit folder, or the environment variable
 * `MIGRATE_LAB_PLANETLAB`; never a path resolved against the current directory.
 *
 * The ten days (March and April 2011, CoMon monitoring of PlanetLab) ship with the CloudSim
 * examples: repository Cloudslab/cloudsim, tag `cloudsim-3.0.3`, folder
 * `modules/cloudsim-examples/src/main/resources/workload/planetlab/`, one sub-folder per day
 * (`20110303`, ...).
 *
 * @module
 */
import { options as checkOptions, show, string } from "../_validate.ts";

/** The environment variable naming the folder that holds the PlanetLab day folders. */
export const PLANETLAB_FOLDER_ENV = "MIGRATE_LAB_PLANETLAB";

/** The day Beloglazov and Buyya's presets read unless told otherwise. */
export const DEFAULT_PLANETLAB_DAY = "20110303";

const WHERE_TO_GET =
  "the ten days are in CloudSim's repository (Cloudslab/cloudsim, tag cloudsim-3.0.3, folder " +
  "modules/cloudsim-examples/src/main/resources/workload/planetlab/)";

/** Options of {@link resolvePlanetLabFolder}. */
export interface ResolvePlanetLabFolderOptions {
  /** A day folder, used as given (relative paths resolve as `Deno.readDir` resolves them). */
  folder?: string;
  /**
   * The day to take from `$MIGRATE_LAB_PLANETLAB/<day>` when `folder` is not given.
   * @default {"20110303"}
   */
  day?: string;
  /**
   * Reads an environment variable; `undefined` when unset or not readable.
   * @default {Deno.env.get, without --allow-env counted as unset}
   */
  env?: (name: string) => string | undefined;
}

/** Whether this process may read the folder variable (`--allow-env`). */
function envReadable(): boolean {
  return Deno.permissions.querySync({ name: "env", variable: PLANETLAB_FOLDER_ENV }).state ===
    "granted";
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return undefined;
    throw error;
  }
}

/**
 * How to point the library at the traces, for error messages: both ways and where to get them.
 *
 * @param day The day folder wanted.
 * @returns One sentence.
 *
 * @example The hint names the day, the variable and where the traces come from
 * ```ts
 * import { planetLabFolderHint } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const hint = planetLabFolderHint("20110306");
 * assert.match(hint, /planetlab\/20110306/);
 * assert.match(hint, /MIGRATE_LAB_PLANETLAB/);
 * assert.match(hint, /cloudsim-3\.0\.3/);
 * ```
 */
export function planetLabFolderHint(day: string = DEFAULT_PLANETLAB_DAY): string {
  string("describe the PlanetLab folder", "day", day);
  return `pass the day folder explicitly (folder: ".../planetlab/${day}") or set ` +
    `${PLANETLAB_FOLDER_ENV} to the folder holding the day folders (${day}/ and the others); ` +
    WHERE_TO_GET;
}

/**
 * The PlanetLab day folder to read: `folder` if given, else `$MIGRATE_LAB_PLANETLAB/<day>`.
 *
 * @param options The explicit folder, the day and how to read the environment.
 * @returns The folder path.
 * @throws {Error} If neither is given, saying both ways and where to get the traces.
 *
 * @example An explicit folder wins; the environment variable names the parent of the days
 * ```ts
 * import { resolvePlanetLabFolder } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const env = (name: string) => name === "MIGRATE_LAB_PLANETLAB" ? "/data/planetlab" : undefined;
 * assert.equal(resolvePlanetLabFolder({ env }), "/data/planetlab/20110303");
 * assert.equal(resolvePlanetLabFolder({ env, day: "20110420" }), "/data/planetlab/20110420");
 * assert.equal(resolvePlanetLabFolder({ env, folder: "/elsewhere/day" }), "/elsewhere/day");
 * assert.throws(() => resolvePlanetLabFolder({ env: () => undefined }), /MIGRATE_LAB_PLANETLAB/);
 * ```
 */
export function resolvePlanetLabFolder(options: ResolvePlanetLabFolderOptions = {}): string {
  checkOptions("find the PlanetLab traces", "options", options, ["day", "env", "folder"]);
  const { folder, day = DEFAULT_PLANETLAB_DAY, env = readEnv } = options;
  if (folder !== undefined && options.day !== undefined) {
    throw new TypeError(
      `Cannot find the PlanetLab traces as folder and day must not both be given (the folder names its day): current value is ${
        show({ folder, day: options.day })
      }`,
    );
  }
  if (folder !== undefined) {
    if (typeof folder !== "string" || folder === "") {
      throw new TypeError(
        `Cannot find the PlanetLab traces as folder must be a non-empty path: current value is ${
          show(folder)
        }`,
      );
    }
    return folder;
  }
  string("find the PlanetLab traces", "day", day);
  if (!/^\d{8}$/.test(day)) {
    throw new RangeError(
      `Cannot find the PlanetLab traces as day must be a day folder name such as "20110303": current value is ${
        show(day)
      }`,
    );
  }
  if (typeof env !== "function") {
    throw new TypeError(
      `Cannot find the PlanetLab traces as env must be a function from a variable's name to its value: current value is ${
        show(env)
      }`,
    );
  }
  const parent = env(PLANETLAB_FOLDER_ENV);
  if (parent !== undefined && typeof parent !== "string") {
    throw new TypeError(
      `Cannot find the PlanetLab traces as env(${
        show(PLANETLAB_FOLDER_ENV)
      }) must return a string or undefined: current value is ${show(parent)}`,
    );
  }
  if (parent === undefined && env === readEnv && !envReadable()) {
    throw new Error(
      `Cannot find the PlanetLab traces as no folder was given and ${PLANETLAB_FOLDER_ENV} cannot be read without permission (run with --allow-env=${PLANETLAB_FOLDER_ENV}, or ${
        planetLabFolderHint(day)
      })`,
    );
  }
  if (parent === undefined || parent === "") {
    throw new Error(
      `Cannot find the PlanetLab traces as no folder was given and ${PLANETLAB_FOLDER_ENV} is not set, so one of them must name the traces (${
        planetLabFolderHint(day)
      }): current value is ${show(parent)}`,
    );
  }
  return `${parent.replace(/\/+$/, "")}/${day}`;
}
