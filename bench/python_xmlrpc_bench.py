#!/usr/bin/env python3
"""Times Python's xmlrpc.client.loads and dumps on the issue's ~15 KB XML-RPC payload.

The payload is the one bench/Ocf.Benchmarks builds (PayloadData.XmlRpc15K): a methodCall "bench.echo" with one struct
param; each level has 20 string members of 23 characters (field_00..field_19), an `ints` array of 100 integers and,
above the last of 3 levels, a `child` struct holding the next level. The document is produced by xmlrpc.client.dumps.

Throughput is document bytes / best time, with 1 MB = 1,000,000 bytes (as in the C# benchmarks' MB/s column).

    python3 bench/python_xmlrpc_bench.py                 # best of 7 repeats
    python3 bench/python_xmlrpc_bench.py --write doc.xml # also save the document (the C# 'verify' command reads it)
"""
import argparse
import platform
import sys
import timeit
import xmlrpc.client

LEVELS = 3
METHOD = "bench.echo"


def level(n: int) -> dict:
    d = {}
    for i in range(20):
        d[f"field_{i:02d}"] = f"level{n}-field{i:02d}-abcdefgh"  # 23 characters
    d["ints"] = [(i * 7919 + n * 104729) % 1_000_000 for i in range(100)]
    if n < LEVELS:
        d["child"] = level(n + 1)
    return d


def best_seconds_per_call(stmt, repeat: int) -> float:
    """Best of `repeat` measurements, each of enough calls to last at least 0.2 s (timeit's autorange)."""
    timer = timeit.Timer(stmt)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7, help="timing repeats; the best is reported (default 7)")
    ap.add_argument("--write", metavar="PATH", help="write the XML-RPC document to PATH")
    args = ap.parse_args()

    payload = level(1)
    assert all(len(v) == 23 for k, v in payload.items() if k.startswith("field_"))
    params = (payload,)
    text = xmlrpc.client.dumps(params, methodname=METHOD)
    doc = text.encode("utf-8")
    if args.write:
        with open(args.write, "wb") as f:
            f.write(doc)

    loaded, method = xmlrpc.client.loads(doc)
    assert method == METHOD and loaded == params, "loads does not round-trip the payload"

    loads = best_seconds_per_call(lambda: xmlrpc.client.loads(doc), args.repeat)
    dumps = best_seconds_per_call(lambda: xmlrpc.client.dumps(params, methodname=METHOD), args.repeat)

    mb = len(doc) / 1e6
    print(f"python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}")
    print(f"document: {len(doc):,} bytes (xmlrpc.client.dumps, methodCall with one struct param, {LEVELS} levels)")
    print(f"loads: {loads * 1e6:9.1f} us/call  {mb / loads:8.1f} MB/s")
    print(f"dumps: {dumps * 1e6:9.1f} us/call  {mb / dumps:8.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
