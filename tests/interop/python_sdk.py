"""Interop with the official Python SDK, both directions.

1. The Python SDK's UPHostClient, pointed at `sigcal fake-server`, gets images back;
   with a wrong private key it gets RetCode 171; without Zone it gets a parameter error.
2. The Rust side (`sigcal`) sends requests to a small Python server, which checks their
   signatures with the SDK's own `verify_ac`.

Usage: python tests/interop/python_sdk.py target/debug/sigcal
"""

import http.server
import json
import logging
import subprocess
import sys
import threading
import urllib.parse

from ucloud.core import exc
from ucloud.core.auth import _cfg
from ucloud.services.uphost.client import UPHostClient

PUBLIC_KEY = "interop-public-key"
PRIVATE_KEY = "interop-private-key-0123456789"


def start_fake_server(sigcal):
    process = subprocess.Popen(
        [sigcal, "fake-server", "--listen", "127.0.0.1:0", "--public-key", PUBLIC_KEY, "--private-key", PRIVATE_KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    first = process.stdout.readline().strip()
    assert first.startswith("listening on http://"), first
    return process, first[len("listening on ") :]


# The SDK logs every request and every expected error; only failures matter here.
QUIET = logging.getLogger("sigcal-interop")
QUIET.setLevel(logging.CRITICAL)


def client(url, private_key=PRIVATE_KEY):
    config = {"region": "cn-bj2", "public_key": PUBLIC_KEY, "private_key": private_key, "base_url": url, "max_retries": 0}
    return UPHostClient(config, logger=QUIET)


def python_sdk_against_fake_server(sigcal):
    process, url = start_fake_server(sigcal)
    try:
        answer = client(url).describe_phost_image({"Zone": "cn-bj2-05", "ImageType": "Base", "Limit": 5})
        assert answer["TotalCount"] == 24, answer
        assert len(answer["ImageSet"]) == 5, answer
        image = answer["ImageSet"][0]
        assert isinstance(image["CreateTime"], int), image
        ids = [answer["ImageSet"][0]["ImageId"], answer["ImageSet"][1]["ImageId"]]
        answer = client(url).describe_phost_image({"Zone": "cn-bj2-05", "ImageId": ids})
        assert sorted(i["ImageId"] for i in answer["ImageSet"]) == sorted(ids), answer
        print("python sdk: describe_phost_image returned the fake server's images")

        try:
            client(url, private_key="wrong").describe_phost_image({"Zone": "cn-bj2-05"})
            raise AssertionError("a wrong private key must fail")
        except exc.RetCodeException as error:
            assert error.code == 171, error
        print("python sdk: a wrong private key gets RetCode 171")

        try:
            client(url).invoke("DescribePHostImage", {})
            raise AssertionError("a missing Zone must fail")
        except exc.RetCodeException as error:
            assert error.code == 230 and "Zone" in error.message, error
        try:
            client(url).describe_phost_image({})
            raise AssertionError("the SDK's own schema requires Zone")
        except exc.ValidationException as error:
            assert "Zone" in str(error), error
        print("python sdk: a missing Zone gets a parameter error naming Zone")
    finally:
        process.kill()
        process.wait()


class Capture(http.server.BaseHTTPRequestHandler):
    captured = []

    def do_POST(self):  # noqa: N802 (the http.server API)
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        Capture.captured.append(params)
        payload = json.dumps({"Action": params.get("Action", "") + "Response", "RetCode": 0, "TotalCount": 0, "ImageSet": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def rust_requests_verify_with_python(sigcal):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    environment = {"SIGCAL_PUBLIC_KEY": PUBLIC_KEY, "SIGCAL_PRIVATE_KEY": PRIVATE_KEY, "HOME": "/nonexistent", "PATH": "/usr/bin:/bin"}
    invocations = [
        ["--zone", "cn-bj2-05", "uphost", "describe-phost-image"],
        ["--zone", "cn-bj2-05", "uphost", "describe-phost-image", "--image-type", "Custom", "--limit", "3", "--offset", "0"]
        + sum((["--image-id", f"pimg-{i}"] for i in range(12)), []),
        ["--zone", "z", "--project-id", "org-1", "uphost", "describe-phost-image", "--machine-type", "机型 & a=b+c%20", "--cluster", "25G"],
    ]
    try:
        for arguments in invocations:
            result = subprocess.run([sigcal, "--base-url", url, "--region", "cn-bj2"] + arguments, env=environment, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            assert PRIVATE_KEY not in result.stdout + result.stderr
        assert len(Capture.captured) == len(invocations)
        for params in Capture.captured:
            signature = params.pop("Signature")
            assert _cfg.verify_ac(PRIVATE_KEY, params) == signature, params
        assert Capture.captured[1]["ImageId.11"] == "pimg-11"
        assert Capture.captured[2]["MachineType"] == "机型 & a=b+c%20"
        print(f"python sdk: {len(invocations)} requests signed by the Rust client verify with verify_ac")
    finally:
        server.shutdown()


if __name__ == "__main__":
    binary = sys.argv[1]
    python_sdk_against_fake_server(binary)
    rust_requests_verify_with_python(binary)
