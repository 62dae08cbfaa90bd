import { fuzzArea } from "./_fuzz_area.ts";

fuzzArea("network", { cases: 1000 });
