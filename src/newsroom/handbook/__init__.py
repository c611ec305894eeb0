"""The contributors' handbook and the web editor: code only `newsroom handbook`/`build` run.

`build` builds the handbook (MkDocs), `reference` generates its tables from the schema and
the configuration (and walks the schema for the CMS), `catalogue` holds its error examples,
`cms` configures the web editor (Decap CMS) from the same schema walk.
"""
