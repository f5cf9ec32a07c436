"""Worker: the Flowfile package from PyPI through its public cloud-storage API, in the peers' venv.

Run by registry_peers.py as `python pypi_flowfile_worker.py CONFIG_JSON`;
writes {case: seconds or error} to CONFIG["result"]. Every place that package
keeps state (its catalog database, its secret store, which defaults to
/tmp/.flowfile) is pointed into CONFIG["home"] before it is imported, so it
never touches ~/.flowfile or the project's store. Its reads are polars scans
with storage options built from the connection; its write runs at once.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from bench_common import BIG, FOLDER, KEY_ID, SECRET, SMALL, time_cases

CONNECTION = "bench-moto"


def isolate(home: str) -> None:
    """Point the package's storage, secret store and telemetry switch at `home`."""
    os.environ.update(
        HOME=home,
        FLOWFILE_STORAGE_DIR=f"{home}/flowfile",
        SECURE_STORAGE_PATH=f"{home}/secure",
        FLOWFILE_SECURE_STORAGE_PATH=f"{home}/secure",
        FLOWFILE_TELEMETRY="0",
    )


def main() -> None:
    """Make the connection, time every case and write the results where the config says."""
    config = json.loads(sys.argv[1])
    isolate(config["home"])
    from pydantic import SecretStr

    import flowfile as ff

    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name=CONNECTION,
            storage_type="s3",
            auth_method="access_key",
            aws_region="us-east-1",
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SecretStr(SECRET),
            endpoint_url=config["endpoint"],
            aws_allow_unsafe_html=True,
        )
    )

    def scan(path: str) -> object:
        return ff.scan_parquet_from_cloud_storage(path, connection_name=CONNECTION)

    cutoff = config["cutoff"]
    runners = {
        "full": lambda: scan(f"s3://{BIG}").collect(),
        "column": lambda: scan(f"s3://{BIG}").select("x").collect(),
        "filter": lambda: scan(f"s3://{BIG}").filter(ff.col("id") >= cutoff).collect(),
        "folder": lambda: scan(f"s3://{FOLDER}/").collect(),
        "small": lambda: scan(f"s3://{SMALL}/").collect(),
        "write": lambda: ff.read_parquet(config["local"]).write_parquet_to_cloud_storage(
            "s3://bench/out-pypi-flowfile.parquet", connection_name=CONNECTION
        ),
    }
    runners = {case: run for case, run in runners.items() if case in config.get("cases", runners)}
    results = time_cases(runners, config["repeat"], config["rows"])
    results["version"] = f"Flowfile {ff.__version__} from PyPI (reads are polars scans)"
    Path(config["result"]).write_text(json.dumps(results))


if __name__ == "__main__":
    main()
