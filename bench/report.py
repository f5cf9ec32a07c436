"""Turns the JSON of one `scripts/bench` run into Markdown tables, one JSON file and a PNG chart.

Input: a folder holding cloud-io-<server>.json (cloud_io_bench.py --json),
connection-store.json (Google Benchmark's JSON) and load-test.txt (load_test.py
output). Output, in the same folder: results.md, results.json, results.png.
One table per task: our figure, each peer's figure from the same run on the
same data, and ours over the fastest peer (<1 is faster); times are the best
of the runs, with the spread of the runs ((slowest - best) / best).

Usage: .venv/bin/python bench/report.py RESULTS_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def best(value: object) -> float | None:
    """The best seconds of a case result, None for an error or a missing case."""
    return value["best"] if isinstance(value, dict) and "best" in value else None


def cell(value: object) -> str:
    """Best seconds ± spread, 'error' or 'n/a'."""
    if isinstance(value, str):
        return "error"
    seconds = best(value)
    return "n/a" if seconds is None else f"{seconds:.3f} ±{100 * value['spread']:.0f}%"


def cloud_table(report: dict) -> tuple[list[str], list[dict]]:
    """Markdown lines and rows (for JSON and the chart) of one cloud I/O run."""
    results = report["results"]
    tools = list(results)
    ours = [t for t in report["ours"] if t in results]
    peers = [t for t in tools if t not in ours]
    raw = ", ".join(f"{k} {v:.0f} MB/s" for k, v in report["raw_mb_per_s"].items())
    lines = [
        f"### Cloud I/O on {report['server']}, {report['file_mb']} MB",
        "",
        f"{report['file_mb']} MB Parquet, {report['rows']} rows; folder of 50 files; "
        f"{report['repeat']} runs each, best ± spread, seconds. Plain client (boto3) on this server: {raw}.",
        "",
        "| case | " + " | ".join(tools) + " | fastest peer | " + " | ".join(f"{t}/peer" for t in ours) + " |",
        "|---" * (len(tools) + 2 + len(ours)) + "|",
    ]
    rows = []
    for case, label in report["cases"].items():
        timed = {p: best(results[p].get(case)) for p in peers}
        timed = {p: t for p, t in timed.items() if t is not None}
        fastest = min(timed, key=timed.get) if timed else None
        ratios = {}
        for tool in ours:
            mine = best(results[tool].get(case))
            ratios[tool] = mine / timed[fastest] if fastest and mine is not None else None
        cells = [cell(results[t].get(case, results[t].get("error"))) for t in tools]
        ratio_cells = [f"{r:.2f}" if r is not None else "-" for r in ratios.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {fastest or '-'} | " + " | ".join(ratio_cells) + " |")
        rows.append(
            {
                "server": report["server"],
                "file_mb": report["file_mb"],
                "case": label,
                "seconds": {t: best(results[t].get(case)) for t in tools},
                "fastest_peer": fastest,
                "ratio": ratios,
            }
        )
    requests = report.get("requests") or {}
    if requests:
        lines += ["", "S3 requests of one run (GET / HEAD / LIST / PUT / POST):", ""]
        lines += ["| case | " + " | ".join(requests) + " |", "|---" * (len(requests) + 1) + "|"]
        for case, label in report["cases"].items():
            counts = []
            for by_case in requests.values():
                c = by_case.get(case)
                counts.append(f"{c['GET']} / {c['HEAD']} / {c['LIST']} / {c['PUT']} / {c['POST']}" if c else "-")
            lines.append(f"| {label} | " + " | ".join(counts) + " |")
    notes = [f"{t}: {r['version']}" for t, r in results.items() if "version" in r]
    notes += [f"{t}: could not run: {r['error']}" for t, r in results.items() if "error" in r]
    notes += [
        f"{t}, {report['cases'][c]}: {r[c]}"
        for t, r in results.items()
        for c in report["cases"]
        if isinstance(r.get(c), str)
    ]
    lines += [""] + [f"- {note}" for note in notes] + [""]
    return lines, rows


def store_table(path: Path) -> list[str]:
    """Markdown of the connection store benchmark (Google Benchmark JSON)."""
    data = json.loads(path.read_text())
    lines = ["### Connection store (SQLite, C++)", "", "| operation | time | unit | iterations |", "|---|---|---|---|"]
    for bench in data.get("benchmarks", []):
        lines.append(f"| {bench['name']} | {bench['real_time']:.1f} | {bench['time_unit']} | {bench['iterations']} |")
    return [*lines, ""]


def chart(rows: list[dict], out: Path) -> None:
    """One horizontal bar per case: ours over the fastest peer, per server (1 = level)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, values, colors = [], [], []
    palette = {"moto": "#8888cc", "minio": "#cc8844"}
    for row in rows:
        for tool, ratio in row["ratio"].items():
            if ratio is not None:
                labels.append(f"{row['server']} {row['file_mb']} MB: {row['case']} ({tool})")
                values.append(ratio)
                colors.append(palette.get(row["server"], "#888888"))
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(labels) + 1.2))
    ax.barh(range(len(labels)), values, color=colors)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("ours / fastest peer (seconds; < 1 is faster)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main() -> None:
    """Read RESULTS_DIR's inputs, write results.md, results.json and results.png there."""
    folder = Path(sys.argv[1])
    markdown = ["# Benchmark results", ""]
    combined: dict = {"cloud_io": [], "rows": []}
    for path in sorted(folder.glob("cloud-io-*.json")):
        report = json.loads(path.read_text())
        lines, rows = cloud_table(report)
        markdown += lines
        combined["cloud_io"].append(report)
        combined["rows"] += rows
    store = folder / "connection-store.json"
    if store.exists():
        markdown += store_table(store)
        combined["connection_store"] = json.loads(store.read_text())
    load = folder / "load-test.txt"
    if load.exists():
        text = load.read_text()
        markdown += ["### Server load test (loopback)", "", "```", text.rstrip(), "```", ""]
        combined["load_test"] = text
    (folder / "results.md").write_text("\n".join(markdown))
    (folder / "results.json").write_text(json.dumps(combined, indent=1))
    if combined["rows"]:
        chart(combined["rows"], folder / "results.png")
    print("\n".join(markdown))


if __name__ == "__main__":
    main()
