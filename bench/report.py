"""The results as a Markdown table and a chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _cell(entry: dict[str, Any], key: str) -> str:
    m = entry.get(key)
    if not m:
        return "–"
    return f"{m['per_second']:.1f}/s, p50 {m['p50_ms']:.1f}, p99 {m['p99_ms']:.1f}"


def table(results: dict[str, Any]) -> str:
    lines = [
        f"Measured {results['when']} on {results['machine']}; {results['persons']:,} persons; "
        f"the API with {results['workers']} uvicorn workers; "
        f"{results['seconds_per_measurement']} s per measurement. Latencies in ms.",
        "",
        "| scenario | SQL/request | API, 1 client | API, 16 clients | peak RSS (MiB) |",
        "|---|---|---|---|---|",
    ]
    for name, entry in results["scenarios"].items():
        statements = "–" if entry.get("statements") is None else str(entry["statements"])
        lines.append(
            f"| {name} | {statements} | {_cell(entry, 'api_c1')} | {_cell(entry, 'api_c16')} | "
            f"{entry.get('api_peak_rss_mib', '–')} |"
        )
    lines += [
        "",
        "Against the limit (one hand-written SQL statement building the JSON, through asyncpg) "
        "and the peer (PostGraphile 5, amber preset, no field authorization):",
        "",
        "| scenario | raw SQL, 1 | raw SQL, 16 | PostGraphile, 1 | PostGraphile, 16 "
        "| API p50 ÷ SQL p50 (1 client) | API ÷ PostGraphile throughput (16) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in results["scenarios"].items():
        if "sql_c1" not in entry:
            continue
        ratio_sql = entry["api_c1"]["p50_ms"] / entry["sql_c1"]["p50_ms"]
        peer = entry.get("peer_c16")
        ratio_peer = f"{entry['api_c16']['per_second'] / peer['per_second']:.2f}" if peer else "–"
        lines.append(
            f"| {name} | {_cell(entry, 'sql_c1')} | {_cell(entry, 'sql_c16')} | "
            f"{_cell(entry, 'peer_c1')} | {_cell(entry, 'peer_c16')} | {ratio_sql:.2f} | "
            f"{ratio_peer} |"
        )
    if soak := results.get("soak"):
        lines += [
            "",
            f"Memory over {soak['seconds']} s at 16 clients (fordeling 200, Bosetter; "
            f"{soak['requests']:,} requests, {soak['per_second']}/s): "
            f"{soak['rss_mib_minute_1']} MiB in the first minute (after warm-up), "
            f"{soak['rss_mib_last_minute']} MiB in the last.",
        ]
    return "\n".join(lines) + "\n"


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    compared = {n: e for n, e in results["scenarios"].items() if "sql_c16" in e}
    figure, axes = plt.subplots(1, 2, figsize=(11, 4))
    for axis, connections in zip(axes, (1, 16), strict=True):
        names = list(compared)
        series = (("API", "api"), ("PostGraphile", "peer"), ("raw SQL", "sql"))
        width = 0.25
        for offset, (label, key) in enumerate(series):
            values = [
                (compared[n].get(f"{key}_c{connections}") or {}).get("per_second", 0) for n in names
            ]
            axis.bar([i + offset * width for i in range(len(names))], values, width, label=label)
        axis.set_xticks([i + width for i in range(len(names))], names, fontsize=8)
        axis.set_yscale("log")
        axis.set_title(
            f"requests/s (log scale), {connections} client{'s' if connections > 1 else ''}"
        )
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def write(results: dict[str, Any], directory: Path) -> None:
    (directory / "results.md").write_text(table(results))
    chart(results, directory / "chart.png")


if __name__ == "__main__":
    import json

    from app.settings import ROOT

    here = ROOT / "bench" / "results"
    write(json.loads((here / "results.json").read_text()), here)
