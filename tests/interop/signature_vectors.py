"""Signature vectors computed by the official Python SDK (ucloud-sdk-python3).

`--write` regenerates tests/vectors/python_sdk_signatures.json; `--check` (what CI runs)
recomputes every vector with the SDK's own `verify_ac` and fails on any difference. The
Rust signer is tested against the same file by tests/tests/python_vectors.rs, so the two
implementations are compared through it.

Values are the flat wire strings (the SDK would render some floats with an exponent
and signs empty strings; the protocol says not to, so those cases are not here).
"""

import json
import pathlib
import sys

from ucloud.core.auth import _cfg

PUBLIC_KEY = "ucloudsomeone@example.com1296235120854146120"
PRIVATE_KEY = "46f09bb9fab4f12dfc160dae12273d5332b5debe"

CASES = {
    "documented_describe": {"Action": "DescribeUHostInstance", "Region": "cn-bj2", "Limit": "10"},
    "array_of_twelve": dict(
        {"Action": "DescribePHostImage", "Region": "cn-bj2", "Zone": "cn-bj2-05"},
        **{f"ImageId.{i}": f"pimg-{i}" for i in range(12)},
    ),
    "nested_models": {
        "Action": "CreatePHost",
        "Region": "cn-bj2",
        "Zone": "cn-bj2-05",
        "Disks.0.IsBoot": "true",
        "Disks.0.Size": "40",
        "Disks.0.Type": "CLOUD_RSSD",
        "Disks.1.IsBoot": "false",
        "Disks.1.Size": "200",
        "NetworkInterface.0.EIP.Bandwidth": "10",
        "NetworkInterface.0.EIP.PayMode": "Bandwidth",
        "NetworkInterface.0.EIP.OperatorName": "BGP",
    },
    "bools_and_numbers": {"Action": "GetPHostPrice", "Verbose": "true", "Quiet": "false", "Count": "42", "Price": "0.00001", "Ratio": "1.5"},
    "unicode": {"Action": "ModifyPHostInfo", "Name": "主机-测试", "Remark": "café ☕ 🚀"},
    "special_characters": {"Action": "ModifyPHostInfo", "Name": "a&b=c+d%20e f/g?h#i", "Remark": "line1\nline2\ttab"},
}


# Temporary credentials (what tests/tests/credentials.rs gets from a metadata service on
# loopback): the security token is one more parameter, signed like the rest. The SDK's
# signer takes any parameters, so it computes what a token-aware client must send.
TEMPORARY_PUBLIC_KEY = "TOKEN_imds-temporary-public-0001"
TEMPORARY_PRIVATE_KEY = "imds-temporary-private-key-0001"
TEMPORARY_CASES = {
    "temporary_credentials_from_metadata": {
        "Action": "DescribePHostImage",
        "Region": "cn-sh2",
        "Zone": "cn-sh2-02",
        "ProjectId": "org-imds",
        "SecurityToken": "imds-security-token-0001",
    },
}


def vectors():
    out = []
    for name, params in CASES.items():
        signed = dict(params, PublicKey=PUBLIC_KEY)
        out.append({"name": name, "params": signed, "signature": _cfg.verify_ac(PRIVATE_KEY, dict(signed))})
    for name, params in TEMPORARY_CASES.items():
        signed = dict(params, PublicKey=TEMPORARY_PUBLIC_KEY)
        out.append({
            "name": name,
            "private_key": TEMPORARY_PRIVATE_KEY,
            "params": signed,
            "signature": _cfg.verify_ac(TEMPORARY_PRIVATE_KEY, dict(signed)),
        })
    return out


def main():
    path = pathlib.Path(__file__).resolve().parent.parent / "vectors" / "python_sdk_signatures.json"
    if sys.argv[1:] == ["--write"]:
        path.write_text(json.dumps({"private_key": PRIVATE_KEY, "vectors": vectors()}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
        return 0
    stored = json.loads(path.read_text(encoding="utf-8"))
    fresh = vectors()
    if stored["vectors"] != fresh:
        print("the stored vectors differ from what the Python SDK computes now", file=sys.stderr)
        return 1
    print(f"{len(fresh)} signature vectors agree with ucloud-sdk-python3's verify_ac")
    return 0


if __name__ == "__main__":
    sys.exit(main())
