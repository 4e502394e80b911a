"""The remote OPA server backend (opa-python-client), end to end over HTTP.

No OPA server binary can be installed here (no registry ships one), so the server is a test
double of OPA's REST API (PUT /v1/policies, PUT and POST /v1/data) whose evaluation is real OPA: the
OPA Go library in-process (opa-golib-python-bindings). What is simulated is only the HTTP
layer; the Rego results are OPA's own.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY

opa_bindings = pytest.importorskip(
    "opa_bindings", reason="real OPA in-process (opa-golib-python-bindings) is not installed"
)


class _OpaRestHandler(BaseHTTPRequestHandler):
    engine = None  # set per server
    lock = threading.Lock()

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _reply(self, status: int, body: dict) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def do_PUT(self):
        body = self._body()
        with self.lock:
            if self.path.startswith("/v1/policies/"):
                try:
                    self.engine.add_policy(self.path[len("/v1/policies/") :], body.decode())
                except Exception as exc:
                    return self._reply(400, {"code": "invalid_parameter", "message": str(exc)})
                return self._reply(200, {})
            if self.path.startswith("/v1/data/"):  # PUT /v1/data/{path}: a base document
                value: object = json.loads(body or b"null")
                for key in reversed(self.path[len("/v1/data/") :].split("/")):
                    value = {key: value}
                self.engine.add_data(value)
                self.send_response(204)  # OPA answers a data upload with no content
                self.end_headers()
                return None
        return self._reply(404, {"code": "not_found", "message": self.path})

    def do_POST(self):
        body = json.loads(self._body() or b"{}")
        if not self.path.startswith("/v1/data/"):
            return self._reply(404, {"code": "not_found", "message": self.path})
        path = self.path[len("/v1/data/") :].replace("/", ".")
        with self.lock:
            try:
                value = self.engine.eval_document(path, body.get("input"))
            except opa_bindings.OpaUndefinedError:
                return self._reply(200, {})
            except Exception as exc:
                return self._reply(500, {"code": "internal_error", "message": str(exc)})
        return self._reply(200, {"result": value})


@pytest.fixture
def opa_server():
    handler = type("Handler", (_OpaRestHandler,), {"engine": opa_bindings.OpaEngine()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _report(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", *args, "--today", TODAY, "-f", "json"])
    report = json.loads(result.output)
    report.pop("engine")
    return result.exit_code, report


@pytest.mark.parametrize("example", ["passing", "failing"])
def test_server_gives_the_embedded_engines_verdicts(opa_server, example):
    local = _report(str(EXAMPLES / example))
    remote = _report(str(EXAMPLES / example), "--engine", "opa-server", "--opa-url", opa_server)
    assert remote == local


def test_unreachable_server_is_a_tool_error():
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(EXAMPLES / "passing"),
            "--engine",
            "opa-server",
            "--opa-url",
            f"http://127.0.0.1:{port}",
        ],
    )
    assert result.exit_code == 2
    assert f"the OPA server at http://127.0.0.1:{port} failed while uploading" in result.output


def test_missing_url_is_a_usage_error(monkeypatch):
    monkeypatch.delenv("AI_SECURITY_GATE_OPA_URL", raising=False)
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "passing"), "--engine", "opa-server"]
    )
    assert result.exit_code == 2
    assert "needs the server's URL" in result.output
