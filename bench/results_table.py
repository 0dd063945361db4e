"""Print the figures of bench/run.py result files as one Markdown table, for bench/RESULTS.md.

Run: .venv/bin/python bench/results_table.py bench/.data/results-postgres-10000.json [...]
"""

import json
import statistics
import sys


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def main() -> None:
    print(
        "| members | measurement | median | min–max | queries | anchor (median) | ratio | peak RSS |"
    )
    print("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            results = json.load(handle)
        for figure in results["figures"]:
            anchor = ""
            if figure["anchor_seconds"]:
                anchor = f"{figure['anchor']} ({_ms(statistics.median(figure['anchor_seconds']))})"
            ratio = f"{figure['ratio']:.2f}×" if figure["ratio"] is not None else ""
            rss = f"{figure['peak_rss_mb']:.0f} MB" if figure["peak_rss_mb"] else ""
            queries = "" if figure["queries"] is None else f"{figure['queries']:,}"
            spread = f"{_ms(min(figure['seconds']))}–{_ms(max(figure['seconds']))}"
            name = figure["name"].strip()
            if figure["note"] and ("bytes" in figure["note"] or "rows/s" in figure["note"]):
                name += f" <br><sub>{figure['note']}</sub>"
            print(
                f"| {results['members']:,} | {name} | {_ms(figure['median'])} | {spread} | "
                f"{queries} | {anchor} | {ratio} | {rss} |"
            )


if __name__ == "__main__":
    main()
