#!/usr/bin/env python3
"""Writes a Smithy JSON AST model N times larger than the input, for codegen scaling figures.

    python3 bench/scale_model.py IN.json N OUT.json

Every shape but the service is copied N-1 times under a new name (`Name` -> `NameX2`, ...); each
copy's references (any string equal to a shape id of the model, member ids included) point at
the same copy, and the service lists the operations and resources of every copy. Documentation
and traits stay as they are, so each copy costs the generator what the original does.
"""
import json
import sys


def main() -> None:
    source, factor, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, encoding="utf-8") as f:
        model = json.load(f)
    shapes = model["shapes"]
    services = [sid for sid, shape in shapes.items() if shape["type"] == "service"]
    if len(services) != 1:
        sys.exit(f"{source}: expected one service shape, found {len(services)}")
    service_id = services[0]
    originals = [sid for sid in shapes if sid != service_id]
    known = set(originals)

    def renamed(value, suffix):
        if isinstance(value, str):
            base, _, member = value.partition("$")
            if base in known:
                return base + suffix + ("$" + member if member else "")
            return value
        if isinstance(value, list):
            return [renamed(v, suffix) for v in value]
        if isinstance(value, dict):
            return {k: renamed(v, suffix) for k, v in value.items()}
        return value

    service = shapes[service_id]
    listed = {key: list(service[key]) for key in ("operations", "resources") if key in service}
    for copy in range(2, factor + 1):
        suffix = f"X{copy}"
        for sid in originals:
            new_id = sid + suffix
            if new_id in shapes:
                sys.exit(f"{source}: the copy {new_id} would replace an existing shape")
            shapes[new_id] = renamed(shapes[sid], suffix)
        for key, refs in listed.items():
            service[key].extend(renamed(ref, suffix) for ref in refs)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"{target}: {len(shapes)} shapes ({len(originals) + 1} in {source})")


if __name__ == "__main__":
    main()
