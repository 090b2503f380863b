"""The registry's pages, on the core's generic blocks (core.pages): `persons`, `households`, `duplicates`,
`transfer` (import, template, roster export), their `tables`, and `common` (what the form pages share).

Pages read through registry.selectors and write through registry.services; they import no model."""
