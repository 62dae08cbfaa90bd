import { fuzzArea } from "./_fuzz_area.ts";

// The class's page methods are documented unchecked (UNCHECKED_ARGUMENTS in _harness.ts).
// cases: a bitset of up to 2^32 pages allocates 512 MiB.
fuzzArea("bitset", { cases: 600 });
