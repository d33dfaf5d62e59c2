"""Every action of the official Python SDK's services, documented by a page or not,
called through the SDK against `sigcal fake-server` the way a caller would: with the
arguments the SDK's own request schema requires, plus those `spec/` requires where the
SDK's schema knows them (the SDK never marks a list required; the pages do), each list
with one item and each nested model with its required fields; each answer loaded by the
SDK's own response schema.

Usage: python tests/interop/python_sdk_every_action.py target/debug/sigcal [--readme README.md] [--all | SERVICE...]

`--all` takes every service module the SDK has. An SDK action `spec/` lacks (by name,
alias or SDK spelling) is a failure: the fake server answers what the spec holds.
Prints one line per failure and `N/M actions answered`; exits 1 unless all are.
`--readme FILE`: also exits 1 unless FILE states the figures this run measured, as
`(M actions, ` and `` `N/M actions answered` `` (the README's claim comes from here).
"""

import importlib
import inspect
import logging
import pathlib
import pkgutil
import re
import subprocess
import sys

import yaml

from ucloud.core.typesystem import abstract, fields, schema

PUBLIC_KEY = "interop-public-key"
PRIVATE_KEY = "interop-private-key-0123456789"
QUIET = logging.getLogger("sigcal-interop-every-action")

QUIET.setLevel(logging.CRITICAL)


# The fake's RetCode for an id it did not make (sigcal_fake::RESOURCE_NOT_FOUND).
RESOURCE_NOT_FOUND = 8039


def value_for(field, name):
    """A value the schema accepts for a required field."""
    if isinstance(field, schema.Schema):
        # Its required fields; a model with none gets its first, so it is not empty.
        chosen = [key for key, sub in field.fields.items() if sub.required] or list(field.fields)[:1]
        return {key: value_for(field.fields[key], key) for key in chosen}
    if isinstance(field, fields.List):
        return [value_for(field.item, name)]
    if isinstance(field, fields.Int):
        return 1
    if isinstance(field, fields.Float):
        return 1.5
    if isinstance(field, fields.Bool):
        return True
    if isinstance(field, abstract.Field):
        return f"sigcal-{name.lower()}"
    raise TypeError(f"unknown field type {type(field)} for {name}")


def actions(module):
    """(method name, action name, request schema) of every action the client has."""
    client_module = importlib.import_module(f"ucloud.services.{module}.client")
    apis = importlib.import_module(f"ucloud.services.{module}.schemas.apis")
    client_class = next(
        cls for name, cls in vars(client_module).items()
        if inspect.isclass(cls) and name.endswith("Client") and cls.__module__ == client_module.__name__
    )
    found = []
    for name, method in inspect.getmembers(client_class, inspect.isfunction):
        if name.startswith("_"):
            continue
        match = re.search(r'self\.invoke\("(\w+)"', inspect.getsource(method))
        if match:
            action = match.group(1)
            found.append((name, action, getattr(apis, f"{action}RequestSchema")()))
    return client_class, found


SPEC_DIR = pathlib.Path(__file__).resolve().parents[2] / "spec"


def documented():
    """Every action of `spec/`, by (the SDK's service module, wire name or alias): its
    required parameters. Keyed by module: the SDK's UCloudStack has actions named like
    UNet's and VPC's, which are its own."""
    required = {}
    for path in sorted(SPEC_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        # The SDK's module for the service where it differs (`uads` for UDDoS).
        service = spec["service"]
        module = service.get("sdk_module") or service.get("module") or path.stem
        for name, action in (spec.get("actions") or {}).items():
            params = [key for key, field in (action.get("request") or {}).items() if field.get("required")]
            spellings = [name, *action.get("aliases", [])]
            if action.get("sdk_name"):
                spellings.append(action["sdk_name"])
            for wire in spellings:
                required.setdefault((module, wire), set()).update(params)
    return required


def sdk_modules():
    import ucloud.services

    return sorted(
        info.name for info in pkgutil.iter_modules(ucloud.services.__path__)
        if importlib.util.find_spec(f"ucloud.services.{info.name}.client")
    )


# Services whose action names the public cloud's services share (UCloudStack, the
# private cloud, has its own `AllocateEIP`, `DescribeEIP`, ...): each is called against a
# fake server serving it alone, as its own deployment would answer.
ALONE = {"ucloudstack"}


def start_fake(sigcal, services=()):
    """`sigcal fake-server` on a free port, serving `services` (default: all)."""
    args = [sigcal, "fake-server", "--listen", "127.0.0.1:0", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY]
    for service in services:
        args += ["--service", service]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = process.stdout.readline().strip()
    assert first.startswith("listening on http://"), first
    return process, first[len("listening on "):]


def readme_states(path, answered, total):
    """Whether the README at `path` states this run's figures; says what to write if not."""
    text = " ".join(pathlib.Path(path).read_text(encoding="utf-8").split())
    claims = [f"({total:,} actions, ", f"`{answered}/{total} actions answered`"]
    missing = [claim for claim in claims if claim not in text]
    for claim in missing:
        print(f"{path}: does not say {claim!r}, which this run measured: update its interop figures")
    return not missing


def main():
    sigcal, modules = sys.argv[1], sys.argv[2:]
    readme = None
    if modules[:1] == ["--readme"] and len(modules) >= 2:
        readme, modules = modules[1], modules[2:]
    if modules == ["--all"]:
        modules = sdk_modules()
    pages = documented()
    processes = []
    try:
        shared, shared_url = start_fake(sigcal)
        processes.append(shared)
        answered, total, refused = 0, 0, 0
        for module in modules:
            url = shared_url
            if module in ALONE:
                alone, url = start_fake(sigcal, [module])
                processes.append(alone)
            config = {
                "region": "cn-bj2",
                "project_id": "org-interop",
                "public_key": PUBLIC_KEY,
                "private_key": PRIVATE_KEY,
                "base_url": url,
                "max_retries": 0,
            }
            client_class, found = actions(module)
            client = client_class(config, logger=QUIET)
            for method, action, request in found:
                total += 1
                page_required = pages.get((module, action))
                if page_required is None:
                    print(f"{module} {action}: not in spec/")
                    continue
                # A nested model the SDK validates even when it is optional (it dumps an
                # empty one and reports its required fields) is filled too.
                args = {
                    key: value_for(field, key)
                    for key, field in request.fields.items()
                    if field.required
                    or key in page_required
                    or (isinstance(field, schema.Schema) and any(sub.required for sub in field.fields.values()))
                }
                try:
                    getattr(client, method)(args)
                except Exception as error:  # every failure is reported, none stops the run
                    # A change to an id the fake did not make is refused as the API
                    # refuses it (RetCode 8039): signed, validated, answered.
                    if getattr(error, "code", None) == RESOURCE_NOT_FOUND:
                        answered += 1
                        refused += 1
                    else:
                        print(f"{module} {action}: {type(error).__name__}: {error}")
                else:
                    answered += 1
        print(f"{answered}/{total} actions answered ({refused} refused for an id the fake did not make)")
        stated = readme is None or readme_states(readme, answered, total)
        sys.exit(0 if answered == total and total > 0 and stated else 1)
    finally:
        for process in processes:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
