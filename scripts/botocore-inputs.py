#!/usr/bin/env python3
"""Prints the declared inputs (lib/sandbox/core/inputs.ts) of Query and JSON operations from botocore's model.

Usage: python3 scripts/botocore-inputs.py ec2 DescribeVolumes DescribeNetworkInterfaces
Paste the entries into the handler file's INPUTS table; review limits AWS words differently
(docs/architecture.md, "Its declared inputs"). Needs the botocore Python package (pip install botocore).
"""
import gzip
import json
import os
import re
import sys

import botocore

VERSIONS = {"ec2": "2016-11-15", "iam": "2010-05-08", "sts": "2011-06-15", "ssm": "2014-11-06", "ec2-instance-connect": "2018-04-02"}
SHARED_FILE = os.path.join(os.path.dirname(__file__), "..", "lib", "sandbox", "ec2", "protocol", "input-shapes.ts")


def load_model(service):
    path = os.path.join(os.path.dirname(botocore.__file__), "data", service, VERSIONS[service], "service-2.json")
    return json.load(gzip.open(path + ".gz")) if os.path.exists(path + ".gz") else json.load(open(path))


def shared_shapes():
    """EC2 structures already declared in ec2/protocol/input-shapes.ts, by botocore shape name."""
    with open(SHARED_FILE) as f:
        return set(re.findall(r"^export const (\w+)Input = ", f.read(), re.M))


def wire_name(service, name, member):
    """EC2: queryName, else locationName capitalised, else the member name; IAM/STS: the member name."""
    if service == "ec2":
        if "queryName" in member:
            return member["queryName"]
        if "locationName" in member:
            return member["locationName"][0].upper() + member["locationName"][1:]
    return name


def options(pairs):
    items = [f"{key}: {json.dumps(value)}" for key, value in pairs if value is not None]
    return "{ " + ", ".join(items) + " }" if items else ""


class Printer:
    def __init__(self, service):
        self.service = service
        self.shapes = load_model(service)["shapes"]
        self.shared = shared_shapes() if service == "ec2" else set()

    def shape(self, name, indent):
        s = self.shapes[name]
        kind = s["type"]
        if kind == "string" and "enum" in s:
            # EC2 words a bad enum value per parameter in its handler.
            return "string()" if self.service == "ec2" else "enumOf(" + json.dumps(s["enum"]).replace('","', '", "') + ")"
        if kind in ("string", "blob"):
            if self.service == "ec2":
                return "string()"
            return f"string({options([('minLength', s.get('min') or None), ('maxLength', s.get('max')), ('pattern', s.get('pattern'))])})"
        if kind in ("integer", "long"):
            return f"integer({options([('min', s.get('min')), ('max', s.get('max'))])})"
        if kind in ("boolean", "timestamp"):
            return f"{kind}()"
        if kind == "list":
            limits = options([("minItems", s.get("min") or None), ("maxItems", s.get("max"))])
            return f"listOf({self.shape(s['member']['shape'], indent)}{', ' + limits if limits else ''})"
        if kind == "map":
            return f"mapOf({self.shape(s['key']['shape'], indent)}, {self.shape(s['value']['shape'], indent)})"
        if kind == "structure":
            return f"{name}Input" if name in self.shared else f"structure({self.members(name, indent)})"
        raise SystemExit(f"{name}: type {kind} has no declaration helper")

    def members(self, name, indent):
        s = self.shapes[name]
        required = set(s.get("required", []))
        if not s["members"]:
            return "{}"
        pad = "  " * (indent + 1)
        lines = ["{"]
        for member_name, member in s["members"].items():
            text = self.shape(member["shape"], indent + 1)
            lines.append(f"{pad}{wire_name(self.service, member_name, member)}: {'required(' + text + ')' if member_name in required else text},")
        return "\n".join(lines + ["  " * indent + "}"])


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in VERSIONS:
        raise SystemExit(__doc__)
    service = sys.argv[1]
    printer = Printer(service)
    operations = load_model(service)["operations"]
    for operation in sys.argv[2:]:
        shape = operations[operation].get("input", {}).get("shape")
        print(f"  {operation}: {printer.members(shape, 1) if shape else '{}'},")


main()
