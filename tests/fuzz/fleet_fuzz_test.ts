import { fuzzArea } from "./_fuzz_area.ts";

// cases: each valid-looking call simulates a fleet of migrations. A link of a subnormal
// bandwidth (2.5e-323 B/s, a finite number > 0 that validateNetwork accepts) used to make the
// flow network schedule no completion (the time to the last byte overflowed to Infinity), so
// the migration ended unsent in 0 s or ran on; the network now refuses it by name.
fuzzArea("fleet", { cases: 500 });
