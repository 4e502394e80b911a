"""A remote OPA server through opa-python-client, for organisations that run OPA centrally.

The run uploads the same modules a local run would evaluate (PUT is idempotent; ids are
prefixed `ai-security-gate/`), so coverage and results mean the same as with the embedded
engine, then queries `data.ai_security` with the manifest as input.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from ..errors import GateError
from .base import Engine

POLICY_PREFIX = "ai-security-gate"
URL_ENV = "AI_SECURITY_GATE_OPA_URL"
TOKEN_ENV = "AI_SECURITY_GATE_OPA_TOKEN"


class OpaServerEngine(Engine):
    name = "opa-server"
    batch_packages = True

    def __init__(self, url: str | None = None, timeout: float = 10.0) -> None:
        url = url or os.environ.get(URL_ENV, "")
        if not url:
            raise GateError(f"--engine opa-server needs the server's URL: --opa-url or {URL_ENV}")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise GateError(f"{url!r} is not an OPA server URL; use e.g. http://opa.internal:8181")
        try:
            from opa_client.opa import OpaClient
        except ImportError:
            raise GateError(
                "the OPA server backend needs opa-python-client: "
                "`pip install 'ai-security-gate[opa-server]'`"
            ) from None
        self.url = url
        try:
            self._client = OpaClient(
                host=parts.hostname,
                port=parts.port or (443 if parts.scheme == "https" else 8181),
                ssl=parts.scheme == "https",
                token=os.environ.get(TOKEN_ENV) or None,
                timeout=timeout,
            )
        except Exception as exc:
            raise GateError(f"cannot set up the OPA client for {url}: {exc}") from None

    # Set to the revision an organisation's bundle must have on the server: the run then
    # evaluates the server's own policies (a bundle owns its roots: uploads would be refused)
    # after checking that the server serves that revision.
    expected_revision: str | None = None

    def load(self, modules: list[tuple[str, str]], data: dict[str, Any]) -> None:
        if self.expected_revision is not None:
            self._check_revision(self.expected_revision)
            return
        for name, source in modules:
            self._call(
                f"uploading {name}",
                self._client.update_policy_from_string,
                source,
                f"{POLICY_PREFIX}/{name}",
                False,
            )
        if data:
            for key, value in data.items():
                self._call(f"uploading data {key}", self._client.update_or_create_data, value, key)

    def document(self, path: str, input_doc: Any) -> Any:
        body = self._call(
            f"evaluating data.{path}", self._client.query_rule, input_doc, path.replace(".", "/")
        )
        if not isinstance(body, dict):
            raise GateError(f"the OPA server at {self.url} answered {body!r} for data.{path}")
        return body.get("result")

    def _check_revision(self, expected: str) -> None:
        bundles = self.document("system.bundles", {}) or {}
        revisions = {
            name: (b.get("manifest") or {}).get("revision")
            for name, b in bundles.items()
            if isinstance(b, dict)
        }
        if expected not in revisions.values():
            found = ", ".join(f"{n}: {r!r}" for n, r in sorted(revisions.items())) or "none"
            raise GateError(
                f"the OPA server at {self.url} does not serve bundle revision {expected!r} "
                f"(bundles: {found}); wait for it to activate the new bundle, or check "
                "--opa-bundle-revision"
            )

    def _call(self, what: str, func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            raise GateError(f"the OPA server at {self.url} failed while {what}: {detail}") from None
