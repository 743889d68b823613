#!/usr/bin/env python3
"""An XML-RPC client for the Ocf local API on a Unix domain socket, with the standard library only.

Usage: ocf_unix_xmlrpc.py SOCKET_PATH MODE
  suite  - listMethods, methodHelp, methodSignature, a test call, multicall, a bad call (Fault); prints one JSON object
  denied - one call; prints {"errcode": N} from the ProtocolError (or {"errcode": 0} if the call succeeded)
  call METHOD [JSON_PARAMS] - one call, prints the JSON result or {"fault": [code, string]}
  events TOPIC NODE_ID - registers, subscribes to TOPIC, prints "READY <clientId>", then long-polls ocf.events.wait until
                 a membership.view event whose joined list holds NODE_ID arrives (or 60 s pass); prints one JSON object
"""
import http.client
import json
import socket
import sys
import xmlrpc.client


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.unix_path)
        self.sock = sock


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.unix_path = path

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, UnixHTTPConnection(self.unix_path)
        return self._connection[1]


def proxy(path):
    return xmlrpc.client.ServerProxy("http://localhost/RPC2", transport=UnixTransport(path), allow_none=True)


def suite(path):
    p = proxy(path)
    out = {}
    out["methods"] = p.system.listMethods()
    out["help"] = p.system.methodHelp("test.add")
    out["signature"] = p.system.methodSignature("test.add")
    out["add"] = p.test.add(20, 22)
    mc = xmlrpc.client.MultiCall(p)
    mc.test.add(1, 2)
    mc.test.add("x")
    mc.system.listMethods()
    # MultiCallIterator raises Fault for fault entries when indexed; collect both kinds.
    it = mc()
    results = []
    for i in range(3):
        try:
            results.append({"ok": it[i]})
        except xmlrpc.client.Fault as f:
            results.append({"fault": [f.faultCode, f.faultString]})
    out["multicall"] = results
    try:
        p.test.add("not a number")
        out["bad"] = None
    except xmlrpc.client.Fault as f:
        out["bad"] = [f.faultCode, f.faultString]
    try:
        p.no.such.method()
        out["unknown"] = None
    except xmlrpc.client.Fault as f:
        out["unknown"] = [f.faultCode, f.faultString]
    return out


def denied(path):
    try:
        proxy(path).system.listMethods()
        return {"errcode": 0}
    except xmlrpc.client.ProtocolError as e:
        return {"errcode": e.errcode, "errmsg": e.errmsg}


def call(path, method, params):
    try:
        return {"result": getattr(proxy(path), method)(*params)}
    except xmlrpc.client.Fault as f:
        return {"fault": [f.faultCode, f.faultString]}


def events(path, topic, node_id):
    import time
    p = proxy(path)
    client_id = p.ocf.client.register("python-test")
    topics = p.ocf.events.subscribe([topic])
    membership = p.ocf.membership()
    print("READY %d" % client_id, flush=True)
    seen = []
    deadline = time.time() + 60
    while time.time() < deadline:
        answer = p.ocf.events.wait(5)
        for e in answer["events"]:
            seen.append(e["topic"])
            if e["topic"] == "membership.view" and node_id in e["data"]["joined"]:
                return {"clientId": client_id, "topics": topics, "cluster": membership["cluster"], "seen": seen,
                        "view": e["data"], "seq": e["seq"], "dropped": answer["dropped"]}
    return {"clientId": client_id, "topics": topics, "seen": seen, "view": None}


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "suite":
        out = suite(path)
    elif mode == "denied":
        out = denied(path)
    elif mode == "events":
        out = events(path, sys.argv[3], int(sys.argv[4]))
    elif mode == "call":
        out = call(path, sys.argv[3], json.loads(sys.argv[4]) if len(sys.argv) > 4 else [])
    else:
        raise SystemExit("unknown mode " + mode)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
