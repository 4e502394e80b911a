"""Catalogue tooling, apart from the check pipeline: provision pages (docgen), the
provision views `explain` prints, which provisions the rules cover, and the Rego test runner
with its line coverage (`verify`). Nothing in a `check` run imports it."""
