"""The official Python SDK through one lifecycle per resource of the main services,
against the unscripted `sigcal fake-server`: create (with a name where the create takes
one), describe by id until it shows the state it reaches, modify (a field it sets is
shown), delete, describe until it is gone, and a change of an id the fake never made is
refused with RetCode 8039. Every call goes through the SDK's own client (its schemas,
its signing); what to call comes from `spec/`'s `resources:`.

Usage: python tests/interop/python_sdk_lifecycle.py target/debug/sigcal
Prints one line per resource and `N/M lifecycles passed`; exits 1 unless all pass.
"""

import sys

import yaml

from ucloud.core.exc import RetCodeException

from python_sdk_every_action import PRIVATE_KEY, PUBLIC_KEY, QUIET, SPEC_DIR, actions, start_fake, value_for

# The services the issue names, by the SDK's module.
SERVICES = ["uhost", "udisk", "udb", "umem", "unet", "vpc", "ulb", "uphost", "ufs", "uk8s"]
POLLS = 2
RESOURCE_NOT_FOUND = 8039


def select(answer, path):
    """The values at `path` (`UHostIds[]`, `EIPSet[].EIPId`, `GroupId`) in an answer."""
    values = [answer]
    for step in path.split("."):
        field, each = (step[:-2], True) if step.endswith("[]") else (step, False)
        found = []
        for value in values:
            if isinstance(value, dict) and field in value:
                inner = value[field]
                found.extend(inner if each and isinstance(inner, list) else [inner])
        values = found
    return values


def spec_of(module):
    for path in sorted(SPEC_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        service = spec["service"]
        if (service.get("sdk_module") or service.get("module") or path.stem) == module:
            return spec
    raise LookupError(module)


def default_param(request, name):
    """The parameter naming a resource by `name`: itself or its plural."""
    for candidate in (name, name + "s"):
        if candidate in request:
            return candidate
    return None


class Lifecycle:
    def __init__(self, client, methods, spec, name, resource):
        self.client, self.methods, self.spec, self.name, self.resource = client, methods, spec, name, resource
        self.describe = resource["describe"]

    def item_fields(self):
        """The fields of the describing answer's items, from `spec/`."""
        listed = self.spec["actions"][self.describe["action"]]["response"][self.describe["list"]]["type"]
        model = listed[len("array["):-1] if listed.startswith("array[") else listed
        return (self.spec.get("models") or {}).get(model, {}).get("fields") or {}

    def call(self, action, extra):
        method, request = self.methods[action]
        # What the SDK's schema requires, and what `spec/` does (the SDK never marks a
        # list required; the pages do).
        spec_required = {key for key, field in (self.spec["actions"][action].get("request") or {}).items() if field.get("required")}
        args = {key: value_for(field, key) for key, field in request.fields.items() if field.required or key in spec_required}
        for key, value in extra.items():
            field = request.fields.get(key)
            # The SDK's schema says whether it takes a list.
            args[key] = [value] if field is not None and type(field).__name__ == "List" else value
        return getattr(self.client, method)(args)

    def listed(self, id_):
        by = self.describe.get("by") or default_param(self.spec["actions"][self.describe["action"]].get("request") or {}, self.resource["id"])
        answer = self.call(self.describe["action"], {by: id_} if by else {})
        items = answer.get(self.describe["list"]) or []
        return next((item for item in items if item.get(self.resource["id"]) == id_), None)

    def run(self):
        create_action, create = next(iter(self.resource["create"].items()))
        create = create or {}
        request = self.spec["actions"][create_action].get("request") or {}
        response = self.spec["actions"][create_action].get("response") or {}
        shown_name = self.item_fields().get("Name", {}).get("type") == "string"
        inputs = {"Name": f"py-{self.name.lower()}"} if shown_name and request.get("Name", {}).get("type") == "string" else {}
        answer = self.call(create_action, inputs)
        rid = self.resource["id"]
        path = create.get("ids") or (rid if rid in response and not response[rid]["type"].startswith("array") else (rid + "[]" if rid in response else rid + "s[]"))
        ids = select(answer, path)
        assert ids and isinstance(ids[0], str), f"{create_action}: no id at {path} in {answer}"
        id_ = ids[0]
        # Describe until it shows the state it reaches.
        state_field, reached = self.describe.get("state"), create.get("state")
        item = None
        for _ in range(POLLS + 1):
            item = self.listed(id_)
            if item is not None and (not state_field or not reached or item.get(state_field) == reached):
                break
        assert item is not None, f"{id_} is not listed by {self.describe['action']}"
        if state_field and reached:
            assert item.get(state_field) == reached, f"{id_} never shows {reached}: {item}"
        for key, value in inputs.items():
            assert item.get(key) == value, f"{key} given to {create_action} is not shown: {item}"
        # Modify: the first update without states that sets a text field by name.
        modified = None
        for action, update in (self.resource.get("update") or {}).items():
            update = update or {}
            if update.get("from") or update.get("state"):
                continue
            request = self.spec["actions"][action].get("request") or {}
            id_param = update.get("id") or default_param(request, rid)
            settable = [key for key, field in request.items() if key in item and key not in (id_param, rid, "Zone", "Region", "ProjectId") and field["type"] == "string" and isinstance(item.get(key), str)]
            if not settable or action not in self.methods:
                continue
            value = f"changed-{settable[0].lower()}"
            self.call(action, {id_param: id_, settable[0]: value})
            shown = self.listed(id_)
            assert shown and shown.get(settable[0]) == value, f"{settable[0]} set by {action} is not shown: {shown}"
            modified = f"{action} ({settable[0]})"
            break
        # Delete, then gone.
        delete_action, delete = next(iter((self.resource.get("delete") or {}).items()), (None, None))
        if delete_action:
            delete = delete or {}
            request = self.spec["actions"][delete_action].get("request") or {}
            id_param = delete.get("id") or default_param(request, rid)
            self.call(delete_action, {id_param: id_})
            gone = False
            for _ in range(POLLS + 2):
                if self.listed(id_) is None:
                    gone = True
                    break
            assert gone, f"{id_} is still listed after {delete_action}"
            try:
                self.call(delete_action, {id_param: "no-such-id"})
            except RetCodeException as error:
                assert error.code == RESOURCE_NOT_FOUND, f"{delete_action} of an unknown id: {error}"
            else:
                raise AssertionError(f"{delete_action} of an unknown id succeeded")
        steps = [f"create {create_action}", f"describe {self.describe['action']}"]
        steps += [f"modify {modified}"] if modified else []
        steps += [f"delete {delete_action}"] if delete_action else []
        return ", ".join(steps)


def main():
    sigcal = sys.argv[1]
    process, url = start_fake(sigcal)
    passed, total = 0, 0
    try:
        for module in SERVICES:
            client_class, found = actions(module)
            config = {"region": "cn-bj2", "project_id": "org-interop", "public_key": PUBLIC_KEY, "private_key": PRIVATE_KEY, "base_url": url, "max_retries": 0}
            client = client_class(config, logger=QUIET)
            methods = {action: (method, request) for method, action, request in found}
            spec = spec_of(module)
            for name, resource in (spec.get("resources") or {}).items():
                steps = [*resource["create"], resource["describe"]["action"], *(resource.get("delete") or {})]
                if any(step not in methods for step in steps):
                    continue  # an action the SDK does not have
                total += 1
                try:
                    done = Lifecycle(client, methods, spec, name, resource).run()
                except Exception as error:  # every failure is reported, none stops the run
                    print(f"{module} {name}: FAILED: {type(error).__name__}: {error}")
                else:
                    passed += 1
                    print(f"{module} {name}: {done}")
    finally:
        process.kill()
        process.wait()
    print(f"{passed}/{total} lifecycles passed")
    sys.exit(0 if passed == total and total >= len(SERVICES) else 1)


if __name__ == "__main__":
    main()
