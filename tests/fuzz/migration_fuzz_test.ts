import { fuzzArea } from "./_fuzz_area.ts";

fuzzArea("migration");
