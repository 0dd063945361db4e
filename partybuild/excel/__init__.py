"""Each register's xlsx formats (column headings shared by import, export and the templates).

Reading and writing themselves are in ``partybuild.core.excel``; the services that use these
formats are ``partybuild.services.imports`` and ``partybuild.services.exports``.
"""
