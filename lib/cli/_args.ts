/**
 * Command-line parsing shared by the `deno task` commands (study, make-trace, advise and the
 * sweep commands): every mistake becomes one clear line before any work starts.
 *
 * - `--memory -4GiB` (a value that starts with a dash) is read as the option's value, so the
 *   value's own check reports it, instead of `node:util`'s "argument is ambiguous";
 * - a mistyped option gets the nearest known one suggested (`--memroy`: did you mean
 *   `--memory`?);
 * - a unit in the wrong case (`4gib`, `1gbps`) is rejected, as units are case-sensitive
 *   (`b` is a bit, `B` a byte, `m` milli, `M` mega), with the spellings that parse suggested.
 *
 * Internal: not re-exported from any `mod.ts`.
 *
 * @module
 */
import { folderOf } from "../_atomic_write.ts";
import { parseArgs } from "node:util";
import { parseBytes } from "../units/bytes.ts";
import { parseDuration } from "../units/duration.ts";
import { parseRate } from "../units/rate.ts";

/** What a value of each units parser is, for {@link parseUnitOption}'s messages. */
const UNIT_NOUNS = new Map<(text: string) => number, string>([
  [parseBytes, "a size"],
  [parseRate, "a rate"],
  [parseDuration, "a duration"],
]);

/** A bad command line; the command prints its message on one line and exits with code 2. */
export class UsageError extends Error {}

/** The options of a command, as `node:util` `parseArgs` takes them. */
export type CliOptions = Record<
  string,
  {
    type: "string" | "boolean";
    short?: string;
    multiple?: boolean;
    default?: string | boolean | string[];
  }
>;

/** Edit distance between two strings (insertions, deletions, substitutions, transpositions). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known option nearest to `name` (without dashes), if one is close enough to be a typo:
 * within 2 edits (1 for names of up to 4 letters), or the only option `name` starts.
 */
export function nearestOption(name: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((option) => ({ option, edits: distance(name.toLowerCase(), option) }))
    .sort((a, b) => a.edits - b.edits || a.option.localeCompare(b.option));
  const best = scored[0];
  if (best !== undefined && best.edits <= (name.length <= 4 ? 1 : 2)) return best.option;
  const prefixed = known.filter((option) => option.startsWith(name.toLowerCase()));
  return name.length >= 2 && prefixed.length === 1 ? prefixed[0] : undefined;
}

/** A value that starts with a dash but is not an option: a negative number or size. */
const NEGATIVE_VALUE = /^-(\d|\.\d|Infinity)/;

/**
 * Parses `args` against `options` with `node:util` `parseArgs` (strict, positionals allowed),
 * turning each mistake into a one-line {@link UsageError}.
 *
 * @param args The command-line arguments.
 * @param options The known options.
 * @returns The values and positionals.
 */
export function parseCliArgs(
  args: readonly string[],
  options: CliOptions,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const longNames = Object.keys(options);
  const shortNames = new Map(
    Object.entries(options).flatMap(([name, o]) => o.short ? [[o.short, name]] : []),
  );
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === "--") {
      joined.push(...args.slice(i));
      break;
    }
    if (arg.startsWith("--")) {
      const name = arg.slice(2).split("=")[0]!;
      const option = options[name];
      if (option === undefined) {
        const near = nearestOption(name, longNames);
        throw new UsageError(
          `unknown option --${name}${
            near === undefined
              ? `; options: ${longNames.map((n) => `--${n}`).join(", ")}`
              : ` (did you mean --${near}?)`
          }`,
        );
      }
      const next = args[i + 1];
      if (
        option.type === "string" && !arg.includes("=") && next !== undefined &&
        NEGATIVE_VALUE.test(next)
      ) {
        joined.push(`${arg}=${next}`);
        i += 1;
        continue;
      }
      if (
        option.type === "string" && !arg.includes("=") &&
        (next === undefined || (next.startsWith("-") && next !== "-"))
      ) {
        throw new UsageError(`option --${name} needs a value`);
      }
    } else if (/^-[^-\d.]/.test(arg)) {
      const letter = arg[1]!;
      if (!shortNames.has(letter)) {
        const near = nearestOption(arg.slice(1), longNames);
        throw new UsageError(
          `unknown option ${arg}${near === undefined ? "" : ` (did you mean --${near}?)`}`,
        );
      }
    }
    joined.push(arg);
  }
  try {
    const { values, positionals } = parseArgs({
      args: joined,
      strict: true,
      allowPositionals: true,
      options,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    // node:util's messages span lines; keep the first.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split("\n")[0]!);
  }
}

/**
 * For a quantity like `4gib` that `parse` rejects, the spellings with the unit's letters in
 * another case that `parse` accepts (`4GiB`), units of up to 10 letters; else `[]`. A rate
 * written with `ps` after a byte unit (`200MBps`, bytes per second) also gets its `/s`
 * spelling (`200MB/s`), since its case variants alone suggest only bits (`200Mbps`, eight
 * times less).
 *
 * @param text The rejected value.
 * @param parse The units parser (`parseBytes`, `parseRate`, `parseDuration`).
 */
export function caseSuggestions(text: string, parse: (text: string) => number): string[] {
  const match = /^([-+]?[\d.]+(?:e[-+]?\d+)?\s*)([A-Za-z/]+)$/.exec(text.trim());
  if (match === null) return [];
  const [, number, unit] = match as unknown as [string, string, string];
  const letters = [...unit].map((c, index) => ({ c, index })).filter(({ c }) => /[a-z]/i.test(c));
  if (letters.length > 10 || letters.length === 0) return [];
  const found: string[] = [];
  if (/B[a-z]*ps$/i.test(unit) && unit.includes("B")) {
    const perSecond = number + unit.replace(/ps$/i, "/s");
    try {
      if (Number.isFinite(parse(perSecond))) found.push(perSecond);
    } catch {
      // not a rate the parser knows
    }
  }
  for (let mask = 0; mask < 2 ** letters.length; mask += 1) {
    const chars = [...unit];
    letters.forEach(({ c, index }, bit) => {
      chars[index] = (mask >> bit) & 1 ? c.toUpperCase() : c.toLowerCase();
    });
    const candidate = number + chars.join("");
    if (candidate === text.trim()) continue;
    try {
      const value = parse(candidate);
      if (Number.isFinite(value)) found.push(candidate);
    } catch {
      // not a spelling the parser knows
    }
  }
  return [...new Set(found)].sort();
}

/**
 * Parses one option's value with a units parser; a failure becomes a {@link UsageError} that
 * names the option and value, explains case-sensitive units, and suggests the spellings that
 * parse.
 *
 * @param name The option, with its dashes.
 * @param text The value.
 * @param parse The units parser (`parseBytes`, `parseRate`, `parseDuration`, or another).
 * @param what What the value is; by default "a size", "a rate" or "a duration" after
 *   `parse`, else "a quantity".
 */
export function parseUnitOption(
  name: string,
  text: string,
  parse: (text: string) => number,
  what: string = UNIT_NOUNS.get(parse) ?? "a quantity",
): number {
  let value: number;
  try {
    value = parse(text);
  } catch (error) {
    const suggestions = caseSuggestions(text, parse);
    if (suggestions.length > 0) {
      throw new UsageError(
        `invalid ${name} ${JSON.stringify(text)}: units are case-sensitive ` +
          `(b = bit, B = byte, m = milli, M = mega); did you mean ${
            suggestions.map((s) => JSON.stringify(s)).join(" or ")
          }?`,
      );
    }
    if (text.trim().startsWith("-")) {
      throw new UsageError(`invalid ${name} ${JSON.stringify(text)}: ${what} must be >= 0`);
    }
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text)}: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text)}: ${what} must be finite and >= 0`,
    );
  }
  return value;
}

/**
 * Parses a plain decimal number option.
 *
 * @param flag The option, with its dashes.
 * @param text The value.
 * @throws {UsageError} If `text` is empty or not a finite number, naming the option.
 */
export function numberOption(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new UsageError(`${flag} must be a number: current value is ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Runs a library check whose errors read `Cannot <action> as <field> must be ...: current
 * value is ...`, and turns an error about one of `flags`' fields into a {@link UsageError}
 * that names the option instead (`--hot-fraction must be ...`); other errors pass unchanged.
 *
 * @param check The library check (e.g. `() => validateWorkload(spec, pages)`).
 * @param flags The option of each field the check may name (`{ "workload.hotShare":
 *   "--hot-share" }`).
 */
export function checkAsFlags(check: () => unknown, flags: Record<string, string>): void {
  try {
    check();
  } catch (error) {
    const match = error instanceof Error
      ? /^Cannot .+? as (\S+) (must .*)$/s.exec(error.message)
      : null;
    const flag = match === null ? undefined : flags[match[1]!];
    if (flag === undefined) throw error;
    throw new UsageError(`${flag} ${match![2]}`);
  }
}

/**
 * Refuses flags given on the command line (`--name V` or `--name=V`) that the chosen
 * `--kind` does not read, rather than ignoring them silently.
 *
 * @param args The command line.
 * @param flags The flags the choice leaves unread.
 * @param choice What was chosen (e.g. `--workload uniform`), for the message.
 * @throws {UsageError} For the first such flag given.
 */
export function refuseUnread(
  args: readonly string[],
  flags: readonly string[],
  choice: string,
): void {
  for (const flag of flags) {
    if (args.some((a) => a === flag || a.startsWith(`${flag}=`))) {
      throw new UsageError(`${flag} does not apply to ${choice}: leave it out`);
    }
  }
}

/**
 * Checks that `out` can be the output folder: absent (it will be created) or a folder.
 *
 * @param out The folder.
 * @throws {UsageError} If `out` exists and is not a folder.
 */
export async function checkOutFolder(out: string): Promise<void> {
  try {
    const info = await Deno.stat(out);
    if (!info.isDirectory) {
      throw new UsageError(
        `invalid --out ${JSON.stringify(out)}: it is an existing file, not a folder`,
      );
    }
  } catch (error) {
    notAFolderOnTheWay(out, error);
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** A usage error when `error` says a part of `out`'s path is a file, not a folder. */
function notAFolderOnTheWay(out: string, error: unknown): void {
  if (error instanceof Deno.errors.NotADirectory) {
    throw new UsageError(
      `invalid --out ${JSON.stringify(out)}: a part of its path is a file, not a folder`,
    );
  }
}

/**
 * Checks that `out` can be the output file: not a folder, and in a folder that exists.
 *
 * @param out The file.
 * @throws {UsageError} If `out` is a folder or its folder does not exist.
 */
export async function checkOutFile(out: string): Promise<void> {
  let info: Deno.FileInfo | undefined;
  try {
    info = await Deno.stat(out);
  } catch (error) {
    notAFolderOnTheWay(out, error);
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (info?.isDirectory) {
    throw new UsageError(
      `invalid --out ${JSON.stringify(out)}: it is an existing folder, not a file`,
    );
  }
  const folder = folderOf(out);
  try {
    if (!(await Deno.stat(folder)).isDirectory) throw new Deno.errors.NotFound();
  } catch (error) {
    notAFolderOnTheWay(out, error);
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new UsageError(
      `invalid --out ${JSON.stringify(out)}: its folder ${JSON.stringify(folder)} does not exist`,
    );
  }
}
