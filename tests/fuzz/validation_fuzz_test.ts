import { fuzzArea } from "./_fuzz_area.ts";

// pending: most readers and calibrations of the QEMU and SimGrid records read their runs
// unchecked ("runs.filter is not a function", "Cannot read properties of undefined
// (reading 'technique')"), the readers pass an empty path to Deno ("Empty path is not
// allowed"), and the record parsers prefix their messages with the file and line
// ("x.jsonl:1: invalid JSON: ..."), outside the grammar. Run it with FUZZ_AREA=validation.
fuzzArea("validation", { cases: 1000, pending: true });
