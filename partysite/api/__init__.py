"""The app API's plumbing, shared by every router of /api/app/ (the kernel's, each register's and
content's): ``errors`` (the JSON error contract), ``security`` (bearer tokens), ``pagination``
(limit/offset lists) and ``types`` (path and query types that cannot overflow the database).
Nothing here imports the project's apps; the APIs are assembled in ``partysite.apis``."""
