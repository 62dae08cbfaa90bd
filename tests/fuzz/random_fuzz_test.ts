import { fuzzArea } from "./_fuzz_area.ts";

fuzzArea("random");
