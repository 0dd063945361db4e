"""Excel (xlsx) readers and writers of the registers (docs/architecture.md, "Excel").

``common`` opens uploaded files safely, enforces the limits and converts cells; ``writing`` writes
cells (strings never as formulas); ``members`` and ``organisations`` hold each register's column
headings, which import, export and the templates share. The services that use them are
``partybuild.services.imports`` and ``partybuild.services.exports``.
"""
