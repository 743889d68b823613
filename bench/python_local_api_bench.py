#!/usr/bin/env python3
"""Python's side of the local API benchmark (bench/Ocf.ClusterBenchmarks, command local-api).

Times one XML-RPC call at a time with xmlrpc.client over a Unix-socket keep-alive connection to ocfd, and, as the
floor, a bare echo of the same number of bytes against the benchmark's echo server. Prints one JSON object:
{"api": {"medians": [...µs per run], "p99": µs}, "echo": {...}, "python": version}.

    python3 bench/python_local_api_bench.py --socket API.sock --echo ECHO.sock --method ocf.membership --params '[]' --size 260
"""
import argparse
import http.client
import json
import platform
import socket
import statistics
import time
import xmlrpc.client


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.unix_path)
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.unix_path = path

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, UnixHTTPConnection(self.unix_path)
        return self._connection[1]


def timed(call, runs, count, warmup):
    medians, pooled = [], []
    for _ in range(runs):
        c = call()
        for _ in range(warmup):
            c()
        samples = []
        for _ in range(count):
            t0 = time.perf_counter_ns()
            c()
            samples.append((time.perf_counter_ns() - t0) / 1000.0)
        medians.append(statistics.median(samples))
        pooled.extend(samples)
    pooled.sort()
    return {"medians": medians, "p99": pooled[min(len(pooled) - 1, int(0.99 * len(pooled)))]}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--socket", required=True)
    a.add_argument("--echo", required=True)
    a.add_argument("--method", required=True)
    a.add_argument("--params", default="[]")
    a.add_argument("--size", type=int, required=True)
    a.add_argument("--runs", type=int, default=5)
    a.add_argument("--count", type=int, default=5000)
    a.add_argument("--warmup", type=int, default=1000)
    o = a.parse_args()
    params = json.loads(o.params)

    def api():
        p = xmlrpc.client.ServerProxy("http://localhost/RPC2", transport=UnixTransport(o.socket), allow_none=True)
        f = getattr(p, o.method)
        return lambda: f(*params)

    def echo():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(o.echo)
        msg = bytes(range(256)) * (o.size // 256 + 1)
        msg = msg[:o.size]

        def once():
            s.sendall(msg)
            have = 0
            while have < o.size:
                chunk = s.recv(o.size - have)
                if not chunk:
                    raise IOError("echo server closed")
                have += len(chunk)
        return once

    out = {"echo": timed(echo, o.runs, o.count, o.warmup), "api": timed(api, o.runs, o.count, o.warmup),
           "python": platform.python_version()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
