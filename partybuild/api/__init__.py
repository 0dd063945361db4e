"""The app API's register routers (/api/app/, django-ninja), assembled in partysite/apis.py.

Shared parts: errors.py (the JSON error contract), security.py (bearer tokens), pagination.py
(limit/offset lists), types.py (path and query types that can't overflow the database).
"""
