"""The official Python SDK's flatten + sign of the benchmark's DescribePHostImage
request (20 image ids), timed; compare with the Rust figure of benches/runtime.rs.

Usage: python bench/python_sign.py   (prints nanoseconds per request)
"""

import timeit

from ucloud.core.auth import _cfg
from ucloud.core.typesystem import encoder

PRIVATE_KEY = "46f09bb9fab4f12dfc160dae12273d5332b5debe"
ARGS = {
    "Action": "DescribePHostImage",
    "PublicKey": "ucloudsomeone@example.com1296235120854146120",
    "Region": "cn-bj2",
    "Zone": "cn-bj2-05",
    "ProjectId": "org-abc123",
    "ImageType": "Base",
    "ImageId": [f"pimg-{i:08x}" for i in range(20)],
    "Offset": 0,
    "Limit": 20,
    "MachineType": "G4",
    "Cluster": "25G",
}


def flatten_and_sign():
    payload = encoder.encode(ARGS)
    return _cfg.verify_ac(PRIVATE_KEY, payload)


if __name__ == "__main__":
    runs = 20_000
    best = min(timeit.repeat(flatten_and_sign, number=runs, repeat=5))
    print(f"{best / runs * 1e9:.0f}")
