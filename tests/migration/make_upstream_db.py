"""Makes cloud storage connections through upstream Flowfile's own Python API.

Runs inside the upstream Flowfile venv (upstream_venv.py), with HOME in a
temporary folder, and prints, as JSON, where upstream put its database and key.

Reads the connections to make as JSON from standard input (their secrets
must not travel in arguments): a list of FullCloudStorageConnection fields.
"""

from __future__ import annotations

import json
import sys

from pydantic import SecretStr

SECRET_FIELDS = {"aws_secret_access_key", "aws_session_token", "azure_account_key", "azure_client_secret",
                 "azure_sas_token", "gcs_service_account_key"}


def main() -> None:
    from flowfile_core.auth import secrets as upstream_secrets
    from flowfile_core.database.connection import get_database_path

    import flowfile as ff  # upstream's package: only importable in its own venv

    for fields in json.load(sys.stdin):
        values = {k: SecretStr(v) if k in SECRET_FIELDS else v for k, v in fields.items()}
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(**values))
    names = sorted(c.connection_name for c in ff.get_all_available_cloud_storage_connections())
    storage = upstream_secrets._storage
    print(json.dumps({"database": str(get_database_path()), "key_file": str(storage.key_path), "names": names}))


if __name__ == "__main__":
    main()
