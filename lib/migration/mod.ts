/**
 * The migration engine: VM and link specs, one function per technique, stop rules, closed forms, `migrate()`.
 *
 * The `./migration` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./base_options.ts";
export * from "./closed_form.ts";
export * from "./closed_form_offline.ts";
export * from "./closed_form_post_copy.ts";
export * from "./closed_form_pre_copy.ts";
export * from "./hybrid.ts";
export * from "./link.ts";
export * from "./link_spec.ts";
export * from "./measure_cipher.ts";
export * from "./mechanisms.ts";
export * from "./migrate.ts";
export * from "./offline.ts";
export * from "./post_copy.ts";
export * from "./pre_copy.ts";
export * from "./presets.ts";
export * from "./query_migrate.ts";
export * from "./result.ts";
export * from "./sampler.ts";
export * from "./secure_transport_cost.ts";
export * from "./stop_rules.ts";
export * from "./time_series_pre_copy.ts";
export * from "./validate.ts";
export * from "./vm_spec.ts";
