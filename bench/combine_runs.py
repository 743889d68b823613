#!/usr/bin/env python3
"""Combines several BenchmarkDotNet runs of bench/Ocf.Benchmarks into the tables of docs/performance.md.

On a shared 2-core machine a run can be disturbed by other processes; noise only ever adds time, but a single run
can also be lucky. The tables therefore quote, per benchmark, the median of the runs' means, and show the spread
(min-max of the means) so a disturbed figure is visible.

Input: BenchmarkDotNet's *-report-github.md files or console logs (any file with its markdown tables), e.g.

    python3 bench/combine_runs.py run1/*-report-github.md run2/*-report-github.md run3/*-report-github.md
"""
import re
import statistics
import sys
from collections import defaultdict

UNITS = {"ns": 1.0, "us": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9}


def parse_time(text: str) -> float:
    value, unit = text.strip().replace(",", "").split()
    return float(value) * UNITS[unit]


def parse_bytes(text: str) -> float:
    text = text.strip().replace(",", "")
    if text in ("-", ""):
        return 0.0
    value, unit = text.split()
    return float(value) * {"B": 1, "KB": 1024, "MB": 1024 ** 2}[unit]


def read_tables(path: str):
    header = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|"):
                header = None
                continue
            # BenchmarkDotNet bolds the first row of each parameter group (**OcfXml_Decode**): unbold, or that row is lost.
            cells = [c.strip().strip("*").strip() for c in line.strip("|").split("|")]
            if cells[0] == "Method":
                header = cells
                continue
            if header is None or set(cells[0]) <= set("-: "):
                continue
            row = dict(zip(header, cells))
            yield row


def main(paths) -> int:
    runs = defaultdict(list)  # (payload, method) -> [(mean_ns, allocated_bytes, doc_bytes)]
    order = []
    for path in paths:
        for row in read_tables(path):
            if not re.match(r"^[\d.,]+ \S+$", row.get("Mean", "")):
                continue  # a failed benchmark ("NA") in that run
            key = (row["Payload"], row["Method"])
            if key not in runs:
                order.append(key)
            runs[key].append((parse_time(row["Mean"]), parse_bytes(row.get("Allocated", "-")), int(row["Doc bytes"].replace(",", ""))))
    payloads = []
    for payload, _ in order:
        if payload not in payloads:
            payloads.append(payload)
    for payload in payloads:
        keys = [k for k in order if k[0] == payload]
        med = {k: statistics.median(m for m, _, _ in runs[k]) for k in keys}
        print(f"### {payload}\n")
        print("| Benchmark | Doc bytes | Mean (µs) | MB/s | Allocated (B) | Time vs System.Text.Json | Spread of run means (µs) | Runs |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for k in keys:
            means = [m for m, _, _ in runs[k]]
            alloc = statistics.median(a for _, a, _ in runs[k])
            doc = runs[k][0][2]
            op = "Decode" if "Decode" in k[1] else "Encode"
            json = med.get((payload, f"Json_{op}"))
            mean_us = med[k] / 1e3
            mbs = doc / (med[k] / 1e9) / 1e6
            ratio = f"{med[k] / json:.2f}x" if json else ""
            fmt = "{:,.0f}" if mean_us >= 100 else "{:,.2f}"
            spread = f"{fmt.format(min(means) / 1e3)}–{fmt.format(max(means) / 1e3)}"
            print(f"| {k[1]} | {doc:,} | {fmt.format(mean_us)} | {mbs:,.0f} | {alloc:,.0f} | {ratio} | {spread} | {len(means)} |")
        print()
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
