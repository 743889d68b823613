#!/usr/bin/env python3
"""A reference XML-RPC peer for the C# interop tests: Python's own xmlrpc.client.

Modes (the first argument):

  dump      Prints one JSON object made by Python's marshaller:
              "values":  {name: {"xml": dumps((value,), allow_none=True), "expected": canonical(value)}}
              "messages": {name: {"xml": ..., "method": name or null, "expected": [canonical(param), ...]}}
                          (method calls, a method response)
              "fault":    {"xml": dumps(Fault(...)), "code": int, "string": str}
              "refused":  {name: xml} documents Python writes but XML-RPC / XML cannot carry
                          (a string with U+0001, NaN, infinity)
              "dumps_errors": {name: {"value": str(int), "error": class name}} what dumps((value,)) raises for
                          integers beyond XML-RPC's 32-bit <int> (Python has no i8 writer)
              "wide_ints": {name: {"xml": ..., "value": str(int)}} integers beyond 32 bits as a lax peer writes them:
                          Python's own marshaller with its MAXINT/MININT range check widened, so they land in <int>;
                          each also as "i8_<name>" with <int> renamed to <i8> (i8 holds 64 bits, no more)
  load      Reads one XML document on stdin, calls xmlrpc.client.loads(data, use_builtin_types=True) and prints
            {"method": name or null, "params": [canonical, ...]} (or {"fault": {"code", "string"}} for a fault).
            On any other error prints the exception's class name and exits with status 3.
  loadmany  Reads a JSON array of XML documents (strings) on stdin and prints a JSON array with, for each,
            {"ok": <what load prints>} or {"error": "<exception class name>"}. One process for many documents.

The canonical JSON is tagged so nothing depends on JSON's own number or string handling:
  {"t":"int","v":"5"}  {"t":"bool","v":true}  {"t":"str","v":"..."}  {"t":"double","v":"<IEEE-754 bits as int64>"}
  {"t":"datetime","v":"2026-11-25T10:00:00"}  {"t":"bytes","v":"<base64>"}  {"t":"nil"}
  {"t":"list","v":[...]}  {"t":"dict","v":[[key, value], ...]}  (dict order kept)
"""
import base64
import datetime
import json
import struct
import sys
import xmlrpc.client


def canonical(value):
    if value is None:
        return {"t": "nil"}
    if isinstance(value, bool):  # before int: bool is an int subclass
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "double", "v": str(struct.unpack("<q", struct.pack("<d", value))[0])}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, (bytes, bytearray)):
        return {"t": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return {"t": "list", "v": [canonical(v) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[k, canonical(v)] for k, v in value.items()]}
    raise TypeError("no canonical form for %r" % type(value).__name__)


VALUES = {
    "int_zero": 0,
    "int_positive": 42,
    "int_negative": -17,
    "int_max32": 2**31 - 1,
    "int_min32": -(2**31),
    "bool_true": True,
    "bool_false": False,
    "str_empty": "",
    "str_ascii": "This one is first",
    "str_markup": "<tag attr=\"v\"> & 'q' </tag>",
    "str_unicode": "Gr\u00fc\u00dfe \u65e5\u672c\u8a9e \u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
    "str_non_bmp": "emoji \U0001F600 clef \U0001D11E",
    "str_whitespace": "  leading and trailing\t\n",
    "str_lines": "line1\nline2\n",
    "double_zero": 0.0,
    "double_negative_zero": -0.0,
    "double_tenth": 0.1,
    "double_big": 1e300,
    "double_tiny": 5e-324,
    "double_negative": -2.5,
    "datetime": datetime.datetime(2026, 11, 25, 10, 0, 0),
    "datetime_early": datetime.datetime(1999, 1, 2, 3, 4, 5),
    "bytes": b"\x00\x01\x02\xfe\xff binary \r\n",
    "bytes_empty": b"",
    "bytes_long": bytes(range(256)) * 2,
    "nil": None,
    "list_empty": [],
    "dict_empty": {},
    "list_mixed": [1, "two", 3.5, True, None, b"\x07"],
    "nested": {"tty": "/dev/ttyS1", "ports": ["node1", "node2"], "deep": [[{"a": [1, {}]}], []]},
    "dict_keys": {"": "empty key", "a b": 1, "<&>": 2, "\u00e9": 3},
}


# Integers beyond XML-RPC's 32-bit <int>: just past each edge, 2**40, the 64-bit edges and beyond them.
WIDE_INTS = {
    "above_int32": 2**31,
    "below_int32": -(2**31) - 1,
    "two_pow_40": 2**40,
    "int64_max": 2**63 - 1,
    "int64_min": -(2**63),
    "above_int64": 2**63,
    "two_pow_64": 2**64,
    "below_int64": -(2**63) - 1,
}


def dump():
    out = {"values": {}, "messages": {}, "refused": {}}
    for name, value in VALUES.items():
        out["values"][name] = {
            "xml": xmlrpc.client.dumps((value,), allow_none=True),
            "expected": canonical(value),
        }
    messages = {
        "call_array": ((["first", "second", "last"],), "subsystem.method", False),
        "call_no_params": ((), "system.listMethods", False),
        "call_several": ((1, "two", {"three": 3.0}), "subsystem.method3", False),
        "response": (({"ok": True, "items": [1, 2]},), None, True),
    }
    for name, (params, method, response) in messages.items():
        xml = xmlrpc.client.dumps(params, methodname=method, methodresponse=response, allow_none=True)
        out["messages"][name] = {"xml": xml, "method": method, "expected": [canonical(p) for p in params]}
    fault = xmlrpc.client.Fault(4, "Too many parameters <&>")
    out["fault"] = {"xml": xmlrpc.client.dumps(fault, methodresponse=True), "code": 4, "string": "Too many parameters <&>"}
    out["refused"]["control_char"] = xmlrpc.client.dumps(("a\x01b",))
    out["refused"]["nan"] = xmlrpc.client.dumps((float("nan"),))
    out["refused"]["infinity"] = xmlrpc.client.dumps((float("inf"),))
    out["dumps_errors"] = {}
    for name, value in WIDE_INTS.items():
        try:
            xmlrpc.client.dumps((value,))
            error = None
        except Exception as e:
            error = type(e).__name__
        out["dumps_errors"][name] = {"value": str(value), "error": error}
    out["wide_ints"] = {}
    saved = (xmlrpc.client.MAXINT, xmlrpc.client.MININT)
    xmlrpc.client.MAXINT, xmlrpc.client.MININT = 2**200, -(2**200)
    try:
        for name, value in WIDE_INTS.items():
            xml = xmlrpc.client.dumps((value,))
            out["wide_ints"][name] = {"xml": xml, "value": str(value)}
            out["wide_ints"]["i8_" + name] = {"xml": xml.replace("<int>", "<i8>").replace("</int>", "</i8>"), "value": str(value)}
    finally:
        xmlrpc.client.MAXINT, xmlrpc.client.MININT = saved
    json.dump(out, sys.stdout, ensure_ascii=True)


def load_one(data):
    try:
        params, method = xmlrpc.client.loads(data, use_builtin_types=True)
    except xmlrpc.client.Fault as f:
        return {"fault": {"code": f.faultCode, "string": f.faultString}}
    return {"method": method, "params": [canonical(p) for p in params]}


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "dump":
        dump()
        return 0
    if mode == "load":
        data = sys.stdin.buffer.read()
        try:
            result = load_one(data)
        except Exception as e:  # the class name is the answer the tests check
            print(type(e).__name__)
            return 3
        json.dump(result, sys.stdout, ensure_ascii=True)
        return 0
    if mode == "loadmany":
        docs = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        results = []
        for doc in docs:
            try:
                results.append({"ok": load_one(doc.encode("utf-8"))})
            except Exception as e:
                results.append({"error": type(e).__name__})
        json.dump(results, sys.stdout, ensure_ascii=True)
        return 0
    print("usage: xmlrpc_peer.py dump | load | loadmany", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
