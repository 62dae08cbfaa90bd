import { fuzzArea } from "./_fuzz_area.ts";

// Pending: failures remain in this area (see the report of issue 13).
fuzzArea("datacenter", { pending: true });
