import { fuzzArea } from "./_fuzz_area.ts";

// cases: each valid-looking advise call weighs every candidate and confirms finalists at
// page level.
fuzzArea("advisor", { cases: 200 });
