#!/usr/bin/env python3
"""Checks a snapshot folder against botocore's service models (the ones shipped with the aws CLI).

    python3 Tests/Fixtures/aws/check-snapshot-shapes.py DIR

For every call snapshot.json lists as ok, the file it names must exist and be exactly shaped as
the operation's output in botocore: no key the model does not have, every value of the model's
type (timestamps as epoch numbers or text, as the aws CLI prints them), enum values from the
model, required members present. Every file in DIR must be listed by a call. Prints one line per
difference and exits 1 when there is any; exit 0 prints what was checked; exit 2: botocore missing
or DIR has no snapshot.json.
"""
import json, pathlib, sys

try:
    import botocore.session
    from botocore import xform_name
except ImportError:
    print("check-snapshot-shapes: botocore is not installed (pip install botocore, or the aws CLI)", file=sys.stderr)
    sys.exit(2)

MANIFEST_CALL_KEYS = ["region", "service", "operation", "key", "arguments", "file", "status", "error", "attempts", "durationMilliseconds"]
MANIFEST_KEYS = ["schema", "takenAt", "profile", "endpointURL", "regions", "filters", "calls", "summary"]


def check(value, shape, path, errors, top=False):
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            return errors.append(f"{path}: expected an object ({shape.name})")
        for key, v in value.items():
            if key not in shape.members:
                errors.append(f"{path}.{key}: not a member of {shape.name} in botocore")
            else:
                check(v, shape.members[key], f"{path}.{key}", errors)
        # The aws CLI merges the pages of a list call and drops their paging members
        # (IsTruncated, MaxItems...): required members are checked below the top level only.
        for key in ([] if top else shape.required_members):
            if key not in value:
                errors.append(f"{path}.{key}: required by {shape.name}, missing")
    elif t == "list":
        if not isinstance(value, list):
            return errors.append(f"{path}: expected a list ({shape.name})")
        for i, v in enumerate(value):
            check(v, shape.member, f"{path}[{i}]", errors)
    elif t == "map":
        if not isinstance(value, dict):
            return errors.append(f"{path}: expected a map ({shape.name})")
        for k, v in value.items():
            check(v, shape.value, f"{path}.{k}", errors)
    elif t == "string":
        if not isinstance(value, str):
            return errors.append(f"{path}: expected a string ({shape.name})")
        if shape.enum and value not in shape.enum:
            errors.append(f"{path}: '{value}' is not one of {shape.name}'s values {shape.enum}")
    elif t in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{path}: expected an integer ({shape.name})")
    elif t in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.append(f"{path}: expected a number ({shape.name})")
    elif t == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{path}: expected a boolean ({shape.name})")
    elif t == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            errors.append(f"{path}: expected a timestamp ({shape.name})")
    elif t == "blob":
        if not isinstance(value, str):
            errors.append(f"{path}: expected base64 text ({shape.name})")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    root = pathlib.Path(sys.argv[1])
    try:
        manifest = json.loads((root / "snapshot.json").read_text())
    except (OSError, ValueError) as e:
        print(f"check-snapshot-shapes: {root}/snapshot.json: {e}", file=sys.stderr)
        sys.exit(2)
    errors = []
    if list(manifest) != MANIFEST_KEYS:
        errors.append(f"snapshot.json: keys {list(manifest)} are not SnapshotManifest's {MANIFEST_KEYS}")
    session = botocore.session.get_session()
    models, listed, checked = {}, set(), 0
    for i, call in enumerate(manifest.get("calls", [])):
        if list(call) != MANIFEST_CALL_KEYS:
            errors.append(f"snapshot.json calls[{i}]: keys {list(call)} are not SnapshotCall's {MANIFEST_CALL_KEYS}")
        if call.get("status") != "ok":
            continue
        service, operation, file = call["service"], call["operation"], call["file"]
        listed.add(file)
        if service not in models:
            models[service] = session.get_service_model(service)
        model = models[service]
        names = {xform_name(op, "-"): op for op in model.operation_names}
        if operation not in names:
            errors.append(f"{file}: {service} has no operation {operation}")
            continue
        try:
            data = json.loads((root / file).read_text())
        except (OSError, ValueError) as e:
            errors.append(f"{file}: {e}")
            continue
        shape = model.operation_model(names[operation]).output_shape
        check(data, shape, file, errors, top=True)
        checked += 1
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel != "snapshot.json" and rel not in listed:
            errors.append(f"{rel}: not listed by any ok call of snapshot.json")
    for e in errors:
        print(e)
    if errors:
        sys.exit(1)
    versions = ", ".join(f"{s} {m.api_version}" for s, m in sorted(models.items()))
    print(f"{root}: {checked} outputs match botocore {botocore.__version__} ({versions})")


main()
