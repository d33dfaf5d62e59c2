"""The official Python SDK's API schema as JSON, in the layout of the Go SDK's facts in
`../shared/reference/sdk-go/` (see its README): per service module, every action the
client calls with its request and response fields, and the models they name.

Usage: python codegen/python/sdk_schema.py > schema.json   (run by `cargo codegen reconcile`)

Fails, naming the module, on a layout it does not know (a newer SDK), rather than
leaving anything out.
"""

import importlib
import importlib.metadata
import inspect
import json
import pkgutil
import re
import sys

from ucloud.core.typesystem import abstract, fields, schema

COMMON = {"Region", "Zone", "ProjectId"}


class Unknown(Exception):
    pass


def type_of(field, models, where):
    """The field's type in the spec's syntax; nested schemas are collected in `models`."""
    if isinstance(field, fields.List):
        return f"array[{type_of(field.item, models, where)}]"
    if isinstance(field, schema.Schema):
        name = type(field).__name__
        name = name[: -len("Schema")] if name.endswith("Schema") else name
        if name not in models:
            models[name] = None  # cycles stop here
            models[name] = fields_of(field, models, f"{where}.{name}", request=isinstance(field, schema.RequestSchema))
        return name
    for kind, text in ((fields.Int, "int"), (fields.Float, "float"), (fields.Bool, "bool"), (fields.Str, "string")):
        if isinstance(field, kind):
            return text
    if type(field).__name__ in ("Base64", "Str"):
        return "string"
    if isinstance(field, abstract.Field):
        raise Unknown(f"{where}: field type {type(field).__name__} is not known")
    raise Unknown(f"{where}: {type(field)!r} is not a field")


def fields_of(instance, models, where, request):
    out = []
    for key, field in instance.fields.items():
        wire = (field.dump_to if request else field.load_from) or key
        entry = {"name": wire, "type": type_of(field, models, f"{where}.{key}")}
        if field.required:
            entry["required"] = True
        if request and wire in COMMON and where.count(".") == 0:
            entry["common"] = True
        out.append(entry)
    return out


def service(module):
    client_module = importlib.import_module(f"ucloud.services.{module}.client")
    apis = importlib.import_module(f"ucloud.services.{module}.schemas.apis")
    classes = [
        cls for name, cls in vars(client_module).items()
        if inspect.isclass(cls) and name.endswith("Client") and cls.__module__ == client_module.__name__
    ]
    if len(classes) != 1:
        raise Unknown(f"ucloud.services.{module}.client: {len(classes)} client classes")
    actions, models = {}, {}
    for name, method in sorted(inspect.getmembers(classes[0], inspect.isfunction)):
        if name.startswith("_"):
            continue
        match = re.search(r'self\.invoke\("(\w+)"', inspect.getsource(method))
        if not match:
            continue
        action = match.group(1)
        try:
            request = getattr(apis, f"{action}RequestSchema")()
            response = getattr(apis, f"{action}ResponseSchema")()
        except AttributeError as error:
            raise Unknown(f"ucloud.services.{module}.schemas.apis: {error}") from None
        entry = {
            "request": fields_of(request, models, action, request=True),
            "response": fields_of(response, models, action, request=False),
        }
        # The request schema's docstring is `Action - summary`.
        summary = (type(request).__doc__ or "").partition(" - ")[2].strip()
        if summary:
            entry["summary"] = summary
        actions[action] = entry
    client = classes[0].__name__
    return {
        "client": client[: -len("Client")] if client.endswith("Client") else client,
        "actions": actions,
        "models": {k: v for k, v in sorted(models.items())},
    }


def main():
    import ucloud.services

    modules = sorted(
        info.name for info in pkgutil.iter_modules(ucloud.services.__path__)
        if importlib.util.find_spec(f"ucloud.services.{info.name}.client")
    )
    try:
        services = {module: service(module) for module in modules}
    except Unknown as error:
        print(f"error: the Python SDK's layout is not the one this reads: {error}", file=sys.stderr)
        sys.exit(1)
    json.dump(
        {"sdk": "ucloud-sdk-python3", "version": importlib.metadata.version("ucloud-sdk-python3"), "services": services},
        sys.stdout,
        indent=None,
        sort_keys=True,
    )


if __name__ == "__main__":
    main()
