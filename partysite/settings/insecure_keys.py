"""Keys published in this repository for development and tests. Anything encrypted with them is
readable by anyone with the repository, so production refuses to start with one of them
(partybuild/startup.py)."""

DEVELOPMENT_FIELD_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZCEhISE="
TEST_FIELD_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1mb3ItZW5jcnlwdC10ZXN0cyE="
INSECURE_FIELD_ENCRYPTION_KEYS = (DEVELOPMENT_FIELD_ENCRYPTION_KEY, TEST_FIELD_ENCRYPTION_KEY)
