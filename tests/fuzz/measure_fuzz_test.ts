import { fuzzArea } from "./_fuzz_area.ts";

// lib/measure re-exports files of lib/migration, whose sources give the vocabulary.
// cases: each valid-looking call compresses pages.
fuzzArea("measure", { cases: 500, vocabularyFrom: ["migration"] });
