"""The xlsx reader (safe opening, limits, cell conversion, row errors) and writer (cells never
written as formulas) that every register's import and export formats use."""
