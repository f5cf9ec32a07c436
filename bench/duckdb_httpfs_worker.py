"""Worker: DuckDB reading and writing S3 itself, with its httpfs extension, in the peers' venv.

Run by registry_peers.py as `python duckdb_httpfs_worker.py CONFIG_JSON`;
writes {case: seconds or error} to CONFIG["result"]. The extension is the
signed one from PyPI's duckdb-extension-httpfs, loaded from its file (DuckDB
would otherwise download it, and this machine reaches no such site).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import duckdb_extension_httpfs
from bench_common import BIG, FOLDER, KEY_ID, SECRET, SMALL, time_cases


def connect(endpoint: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with httpfs loaded, its caches of remote data off, and an S3 secret."""
    extension = next(Path(duckdb_extension_httpfs.__file__).parent.glob("extensions/*/httpfs.duckdb_extension"))
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD '{extension}'")
    # DuckDB keeps what it read from remote files in memory and reuses it on
    # the next query; off, so every run reads from S3 like the other tools.
    con.execute("SET enable_external_file_cache = false")
    con.execute("SET enable_http_metadata_cache = false")
    host = endpoint.removeprefix("http://")
    con.execute(
        f"CREATE SECRET bench (TYPE s3, KEY_ID '{KEY_ID}', SECRET '{SECRET}', REGION 'us-east-1', "
        f"ENDPOINT '{host}', URL_STYLE 'path', USE_SSL false)"
    )
    return con


def main() -> None:
    """Time every case and write the results where the config says."""
    config = json.loads(sys.argv[1])
    con = connect(config["endpoint"])
    big = f"'s3://{BIG}'"
    runners = {
        "full": lambda: con.sql(f"SELECT * FROM read_parquet({big})").to_arrow_table(),
        "column": lambda: con.sql(f"SELECT x FROM read_parquet({big})").to_arrow_table(),
        "filter": lambda: con.sql(f"SELECT * FROM read_parquet({big}) WHERE id >= {config['cutoff']}").to_arrow_table(),
        "folder": lambda: con.sql(f"SELECT * FROM read_parquet('s3://{FOLDER}/*.parquet')").to_arrow_table(),
        "small": lambda: con.sql(f"SELECT * FROM read_parquet('s3://{SMALL}/*.parquet')").to_arrow_table(),
        "write": lambda: con.execute(
            f"COPY (SELECT * FROM read_parquet('{config['local']}')) "
            "TO 's3://bench/out-duckdb-httpfs.parquet' (FORMAT parquet, COMPRESSION snappy)"
        ),
    }
    runners = {case: run for case, run in runners.items() if case in config.get("cases", runners)}
    results = time_cases(runners, config["repeat"], config["rows"])
    results["version"] = f"duckdb {duckdb.__version__} + httpfs (PyPI duckdb-extension-httpfs)"
    Path(config["result"]).write_text(json.dumps(results))


if __name__ == "__main__":
    main()
