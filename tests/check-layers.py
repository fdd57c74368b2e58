#!/usr/bin/env python3
"""Keeps lib/'s layers honest: every #include and every call goes down a layer (or stays within
its own), and no two files depend on each other in a cycle.

    check-layers.py BUILD_DIR     (the objects of BUILD_DIR/lib/<layer>/*.o are read with nm)

The layers and what each may use are lib/README.md's table; LAYERS below is the same table.
Prints one line per violation and exits 1 when there is any.
"""
import os
import re
import subprocess
import sys

# layer -> the layers it may use (besides itself). Bottom first.
LAYERS = {
    "common": [],
    "tables": ["common"],
    "compute": ["common", "tables"],
    "ndc": ["common", "tables", "compute"],
    "claims": ["common", "tables", "compute", "ndc"],
    "patients": ["common", "tables", "compute"],
    "agree": ["common", "tables", "compute", "ndc", "claims"],
    "fhir": ["common", "tables", "compute", "ndc"],
}
# Generated objects (the embedded YAML bytes) belong to the tables layer.
GENERATED = {"embedded_tables": "tables", "embedded_ndc": "tables"}


def allowed(frm, to):
    return to == frm or to in LAYERS[frm]


def check_includes(root, problems, edges):
    for layer in LAYERS:
        folder = os.path.join(root, "lib", layer)
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                    if not m:
                        continue
                    target = m.group(1)
                    if target == "med.h":
                        continue
                    if "/" not in target:
                        problems.append(f"lib/{layer}/{name}:{number}: include \"{target}\" names "
                                        "no layer (write \"<layer>/{target}\")")
                        continue
                    to = target.split("/")[0]
                    if to not in LAYERS:
                        problems.append(f"lib/{layer}/{name}:{number}: include \"{target}\": no "
                                        f"layer {to}")
                    elif not allowed(layer, to):
                        problems.append(f"lib/{layer}/{name}:{number}: {layer} includes "
                                        f"{target}, which is up a layer or beside it")
                    else:
                        stem = os.path.splitext(name)[0]
                        edges.setdefault(f"{layer}/{stem}", set()).add(
                            os.path.splitext(target)[0])


def symbols(obj):
    out = subprocess.run(["nm", "--defined-only", "-g", obj], capture_output=True, text=True,
                         check=True).stdout
    defined = {l.split()[-1] for l in out.splitlines() if l.strip()}
    out = subprocess.run(["nm", "-u", obj], capture_output=True, text=True, check=True).stdout
    used = {l.split()[-1] for l in out.splitlines() if l.strip()}
    return defined, used


def check_calls(build, problems, edges):
    objects = {}
    for layer in LAYERS:
        folder = os.path.join(build, "lib", layer)
        if not os.path.isdir(folder):
            problems.append(f"{folder}: not built")
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".o") and not name.endswith(".pic.o"):
                objects[f"{layer}/{name[:-2]}"] = os.path.join(folder, name)
    for stem, layer in GENERATED.items():
        path = os.path.join(build, "lib", stem + ".o")
        if os.path.exists(path):
            objects[f"{layer}/{stem}"] = path
    definer = {}
    uses = {}
    for key, path in objects.items():
        defined, used = symbols(path)
        for s in defined:
            definer[s] = key
        uses[key] = used
    for key, used in sorted(uses.items()):
        layer = key.split("/")[0]
        for s in sorted(used):
            target = definer.get(s)
            if target is None or target == key:
                continue
            if not allowed(layer, target.split("/")[0]):
                problems.append(f"lib/{key}.c calls {s} in lib/{target}.c: up a layer or "
                                "beside it")
            edges.setdefault(key, set()).add(target)


def find_cycles(edges):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return cycles


def main():
    if len(sys.argv) != 2:
        print("usage: check-layers.py BUILD_DIR", file=sys.stderr)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = []
    include_edges, call_edges = {}, {}
    check_includes(root, problems, include_edges)
    check_calls(sys.argv[1], problems, call_edges)
    # A .c file and its own header are one unit: fold "x.h" into "x".
    for cycle in find_cycles(call_edges):
        problems.append("files that call each other in a cycle: " + " -> ".join(cycle))
    for p in problems:
        print("layers: " + p)
    checked = len(call_edges)
    print(f"layers: {checked} objects checked, {len(problems)} problems")
    print(f"layer check: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
