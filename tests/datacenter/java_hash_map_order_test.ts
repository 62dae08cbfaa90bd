/**
 * The `HashMap` iteration order that `schedulerMapOrder: "java-hash-map"` emulates, checked
 * against what OpenJDK 17 printed (`String.hashCode`, and `HashMap.keySet()` after the puts and
 * removes below, run with `java` on this machine on 2026-12-02).
 */
import assert from "node:assert/strict";
import {
  javaHashMapCapacity,
  javaHashMapOrder,
  javaSpreadStringHash,
} from "../../lib/datacenter/_java_hash_map_order.ts";

/** Keys "2-<id>" (CloudSim VM UIDs with broker 2) in the order the map iterates them. */
function order(ids: number[], peak: number): string[] {
  const spread = new Int32Array(Math.max(...ids) + 1);
  for (const id of ids) spread[id] = javaSpreadStringHash(`2-${id}`);
  const out: number[] = [];
  javaHashMapOrder(ids, spread, javaHashMapCapacity(peak), out);
  return out.map((id) => `2-${id}`);
}

Deno.test("javaSpreadStringHash is String.hashCode spread by HashMap.hash", () => {
  const h = 99162322; // "hello".hashCode() as Java printed it
  assert.equal(javaSpreadStringHash("hello"), h ^ (h >>> 16));
  assert.equal(javaSpreadStringHash(""), 0);
  // a negative hash: the spread's shift is unsigned (>>>), so the upper bits are not the sign's
  // ("polygenelubricants".hashCode() is Integer.MIN_VALUE; OpenJDK 17 printed the spread
  // -2147450880 on 2026-12-05)
  assert.equal(javaSpreadStringHash("polygenelubricants"), -2147450880);
});

Deno.test("javaHashMapCapacity: 16 buckets, doubled past three quarters full", () => {
  assert.equal(javaHashMapCapacity(0), 16);
  assert.equal(javaHashMapCapacity(12), 16);
  assert.equal(javaHashMapCapacity(13), 32);
  assert.equal(javaHashMapCapacity(24), 32);
  assert.equal(javaHashMapCapacity(25), 64);
});

Deno.test("javaHashMapOrder iterates as OpenJDK 17's HashMap does", async (t) => {
  await t.step("seven keys put in order", () => {
    assert.deepEqual(
      order([7, 100, 23, 1051, 5, 64, 999], 7),
      ["2-100", "2-1051", "2-5", "2-23", "2-999", "2-7", "2-64"],
    );
  });
  await t.step("a key removed and put again goes last in its bucket; a re-put stays", () => {
    // remove "2-23", put "2-23", put "2-7" (already there): live keys by insertion
    assert.deepEqual(
      order([7, 100, 1051, 5, 64, 999, 23], 7),
      ["2-100", "2-1051", "2-5", "2-999", "2-23", "2-7", "2-64"],
    );
  });
  await t.step("the table keeps the size of its peak after removals", () => {
    // 13 keys 2-0, 2-37, ..., 2-444 put (the table grows to 32), the first 10 removed
    assert.deepEqual(order([370, 407, 444], 13), ["2-370", "2-444", "2-407"]);
    assert.notDeepEqual(order([370, 407, 444], 3), ["2-370", "2-444", "2-407"]);
  });
});
