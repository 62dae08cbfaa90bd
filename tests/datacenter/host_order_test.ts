/**
 * The host index behind the data-centre simulation's power-aware best fit yields hosts in
 * exactly the order a full evaluation sorted by (increase, host index) gives, ties and
 * switched-off hosts included, while hosts change and drop out; and the MAD threshold's
 * merge of deviations gives the same number as sorting them.
 */
import assert from "node:assert/strict";
import { HostOrder, type HostOrderEntry } from "../../lib/datacenter/_host_order.ts";
import { madUpperThreshold } from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";

const G4 = Float64Array.of(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
const G5 = Float64Array.of(93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135);

function watts(table: Float64Array, u: number): number {
  const steps = table.length - 1;
  const x = Math.min(1, Math.max(0, u)) * steps;
  const i = Math.floor(x);
  if (i >= steps) return table[steps]!;
  return table[i]! + (table[i + 1]! - table[i]!) * (x - i);
}

// tables that fall in places (the bound's least increase is then inside a segment's ends)
const BUMPY_A = Float64Array.of(100, 90, 95, 120, 110, 130, 125, 140, 135, 150, 145);
const BUMPY_B = Float64Array.of(80, 80, 120, 100, 100, 101, 140, 90, 150, 150, 160);

// 300 hosts: trees of 256 leaves, searched through nodes and then 16-leaf buckets; 20 hosts:
// trees of 16 leaves, one bucket each
for (const [name, even, odd] of [["G4/G5", G4, G5], ["bumpy", BUMPY_A, BUMPY_B]] as const) {
  for (const H of [300, 20]) {
    Deno.test(
      `HostOrder yields hosts in (increase, index) order as a full sort does (${name}, ${H} hosts)`,
      () => {
        orderMatchesSort(even, odd, H);
      },
    );
  }
}

// Searches resumed by key: demands repeat (a few per round's key), searches stop early as the
// simulation's do, and hosts change between them (loads up and down, equal loads, drop-outs,
// one by one and many at once)
for (const [name, even, odd] of [["G4/G5", G4, G5], ["bumpy", BUMPY_A, BUMPY_B]] as const) {
  for (const H of [300, 20]) {
    Deno.test(
      `HostOrder resumes keyed searches in (increase, index) order as a full sort does (${name}, ${H} hosts)`,
      () => {
        orderMatchesSort(even, odd, H, true);
      },
    );
  }
}

function orderMatchesSort(even: Float64Array, odd: Float64Array, H: number, keyed = false): void {
  const next = createPrng(11, "host-order");
  const tables = Array.from({ length: H }, (_, h) => h % 2 === 0 ? even : odd);
  const cap = Float64Array.from({ length: H }, (_, h) => h % 2 === 0 ? 3720 : 5320);
  const load = new Float64Array(H), stale = new Float64Array(H), ramUsed = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    // a third switched off (equal increases: ties by index), some on equal loads
    const r = next();
    load[h] = r < 0.33 ? 0 : r < 0.4 ? 0.5 * cap[h]! : next() * cap[h]!;
    stale[h] = load[h]! / cap[h]!;
  }
  const entry: HostOrderEntry = {
    x: 0,
    d: 0,
    room: new Float64Array(2),
    signature: new Float64Array(4),
  };
  // a part of the state only the signature sees (a host changed without its load, room or
  // power changing: the index's uniform runs must still notice)
  const tag = new Float64Array(H);
  const fill = (h: number) => {
    entry.x = load[h]!;
    entry.d = watts(tables[h]!, load[h]! / cap[h]!) - watts(tables[h]!, stale[h]!);
    entry.room[0] = cap[h]! - load[h]!;
    entry.room[1] = 4096 - ramUsed[h]!;
    entry.signature[0] = load[h]!;
    entry.signature[1] = stale[h]!;
    entry.signature[2] = ramUsed[h]!;
    entry.signature[3] = tag[h]!;
    return entry;
  };
  const increase = (h: number, mips: number, ram: number) =>
    load[h]! + mips > cap[h]! || ramUsed[h]! + ram > 4096
      ? Infinity
      : watts(tables[h]!, (load[h]! + mips) / cap[h]!) - watts(tables[h]!, stale[h]!);
  const order = new HostOrder(tables, cap, () => "", Float64Array.of(1e-6, 1e-6), 4);
  const excluded = new Uint8Array(H);
  order.clear();
  for (let h = 0; h < H; h++) order.load(h, fill(h));
  order.finish();
  // keyed: four demands (each with its RAM), so that searches resume
  const demands = [0, 1, 2, 3].map(() => [50 + next() * 2000, Math.floor(next() * 2048)]);
  const rounds = keyed ? 400 : Math.min(60, H - 5);
  let resumed = 0, changes = 0, returned = 0;
  for (let round = 0; round < rounds; round++) {
    const pick = Math.floor(next() * 4);
    const [mips, ram] = keyed ? demands[pick]! : [50 + next() * 2000, Math.floor(next() * 2048)];
    const expected = Array.from({ length: H }, (_, h) => h)
      .filter((h) => excluded[h] === 0 && increase(h, mips!, ram!) !== Infinity)
      .sort((a, b) => increase(a, mips!, ram!) - increase(b, mips!, ram!) || a - b);
    order.begin(mips!, [mips!, ram!], (h) => increase(h, mips!, ram!), true, keyed ? pick : NaN);
    const got: number[] = [];
    // keyed searches stop early (the first accepted host), at any place
    const want = keyed && next() < 0.8 ? Math.floor(next() * 40) : Infinity;
    for (let h = got.length < want ? order.next() : -1; h >= 0;) {
      got.push(h);
      h = got.length < want ? order.next() : -1;
    }
    assert.deepEqual(got, expected.slice(0, want), `round ${round}`);
    if (keyed && round >= 4) resumed++;
    if (!keyed || round % 20 !== 19) {
      // the first host takes a VM, another drops out, as in an update
      const target = expected[0]!;
      if (target !== undefined) {
        load[target]! += mips!;
        ramUsed[target]! += ram!;
        order.set(target, fill(target));
      }
      if (!keyed || next() < 0.1) {
        const gone = Math.floor(next() * H);
        excluded[gone] = 1;
        order.remove(gone);
      }
      if (keyed && round % 100 === 40) {
        // many hosts out at once (an update's switched-off hosts), some out already, and a few
        const many = Array.from({ length: H >> 2 }, () => Math.floor(next() * H));
        const few = Array.from({ length: 3 }, () => Math.floor(next() * H));
        for (const h of [...many, ...few]) excluded[h] = 1;
        order.removeAll(many);
        order.removeAll(few);
      }
    }
    if (keyed) {
      // hosts lose load, some to a load another host has (equal signatures), or are set
      // unchanged (a change that is none); a host taken out may come back (set again)
      for (let i = Math.floor(next() * 4); i > 0; i--) {
        const h = Math.floor(next() * H);
        const r = next();
        if (excluded[h] === 1) {
          if (r < 0.5) {
            excluded[h] = 0;
            order.set(h, fill(h));
            changes++;
            returned++;
          }
          continue;
        }
        if (r < 0.3) load[h] = 0;
        else if (r < 0.6) load[h] = load[(h + 2) % H]!;
        else if (r < 0.8) load[h] = Math.max(0, load[h]! - 500);
        ramUsed[h] = r < 0.3 ? 0 : ramUsed[h]!;
        if (r >= 0.8 && r < 0.9) tag[h] = 1 - tag[h]!;
        if (r < 0.3) stale[h] = 0;
        order.set(h, fill(h));
        changes++;
      }
    }
    // the trees after the round's changes are those a recomputation from the leaves gives
    assert.equal(order.audit(), 0, `round ${round}: nodes not up to date`);
    if (keyed && round % 100 === 99) {
      // a rebuild (a new update: no host excluded) drops the kept searches
      excluded.fill(0);
      order.clear();
      for (let h = 0; h < H; h++) if (excluded[h] === 0) order.load(h, fill(h));
      order.finish();
    }
  }
  if (keyed) assert.ok(resumed > 300 && changes > 300 && returned > 10, `${returned} returned`);
}

Deno.test("madUpperThreshold equals 1 - s x the median of sorted deviations", () => {
  const next = createPrng(5, "mad");
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  for (let round = 0; round < 500; round++) {
    const n = 12 + Math.floor(next() * 20);
    // repeated values and ties around the median on some rounds
    const history = Array.from(
      { length: n },
      () => round % 3 === 0 ? Math.floor(next() * 5) / 10 : next(),
    );
    // CloudSim's trimming of the oldest zeros first
    let start = 0;
    while (start < n - 1 && history[start] === 0) start++;
    const kept = history.slice(start);
    if (kept.length < 12) continue;
    const m = median(kept);
    const expected = 1 - 2.5 * median(kept.map((x) => Math.abs(x - m)));
    assert.equal(madUpperThreshold(history), expected, `round ${round}`);
  }
});
