"""pytest plugin loaded by scripts/s3-tests.sh: records, for each test's call phase, every S3 request the
test made (boto3 operations and raw `requests` calls) with the HTTP status and error code answered,
one JSON line per test in $OMP_S3TESTS_CALLS. The summary uses it to tell a 501 (not served) from a
wrong answer and to show what the service answered."""
import json
import os

import pytest

_calls = None  # the current test's list while its call phase runs, else None


def _record(entry):
    if _calls is not None and len(_calls) < 200:
        _calls.append(entry)


def _patch_botocore():
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    original = BaseClient._make_api_call

    def make_api_call(self, operation_name, api_params):
        try:
            response = original(self, operation_name, api_params)
        except ClientError as e:
            meta = e.response.get("ResponseMetadata", {})
            error = e.response.get("Error", {})
            _record({"op": operation_name, "status": meta.get("HTTPStatusCode"), "code": error.get("Code"),
                     "message": (error.get("Message") or "")[:200]})
            raise
        except Exception as e:  # client-side refusal or connection failure: no answer
            _record({"op": operation_name, "status": None, "code": type(e).__name__, "message": str(e)[:200]})
            raise
        _record({"op": operation_name, "status": response.get("ResponseMetadata", {}).get("HTTPStatusCode")})
        return response

    BaseClient._make_api_call = make_api_call


def _patch_requests():
    import re

    import requests

    original = requests.Session.send

    def send(self, request, **kwargs):
        response = original(self, request, **kwargs)
        code = None
        if response.status_code >= 300 and b"<Code>" in (response.content or b"")[:2000]:
            m = re.search(rb"<Code>([^<]*)</Code>", response.content)
            code = m.group(1).decode() if m else None
        path = request.path_url.split("?")[0]
        query = request.path_url.split("?")[1] if "?" in request.path_url else ""
        _record({"op": f"{request.method} {'/'.join(path.split('/')[:2])}/...{'?' + query[:40] if query else ''}",
                 "status": response.status_code, "code": code, "raw": True})
        return response

    requests.Session.send = send


def pytest_configure(config):
    _patch_botocore()
    _patch_requests()


_finished = {}  # nodeid -> calls of its call phase, until its report is written


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    global _calls
    _calls = []
    try:
        yield
    finally:
        _finished[item.nodeid], _calls = _calls, None


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    calls = _finished.pop(report.nodeid, [])
    path = os.environ.get("OMP_S3TESTS_CALLS")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"nodeid": report.nodeid, "calls": calls}) + "\n")
