"""Human oversight controls: the agent approval gate and the tool-use kill switch.

Threat model: T1 (prompt injection drives tool calls) and T6 (evasion of the content filter)
are controlled by a person approving every drafted reply and every account-changing action;
operators can also stop all tool use at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

# Tools that change an order or an account: never run without an agent's approval.
ACCOUNT_ACTIONS = frozenset({"orders:cancel", "refunds:create", "address:update", "account:close"})


class ApprovalRequiredError(PermissionError):
    """A reply or action was about to leave the system without an agent's approval."""


class ToolUseStoppedError(RuntimeError):
    """The kill switch is engaged: the assistant answers without tools."""


@dataclass(frozen=True)
class Draft:
    draft_id: str
    text: str
    actions: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        body = "\n".join((self.text, *self.actions)).encode()
        return hashlib.sha256(body).hexdigest()


@dataclass
class ApprovalGate:
    """Nothing drafted by the model reaches a customer until an agent approves that exact draft."""

    approvals: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (digest, agent)

    def approve(self, draft: Draft, agent: str) -> None:
        self.approvals[draft.draft_id] = (draft.digest, agent)

    def release(self, draft: Draft) -> str:
        """Return the approving agent, or refuse when the draft (or its text) is not approved."""
        digest, agent = self.approvals.get(draft.draft_id, ("", ""))
        if digest != draft.digest:
            raise ApprovalRequiredError(f"draft {draft.draft_id} is not approved as it stands")
        return agent

    @staticmethod
    def needs_approval(tool: str) -> bool:
        return tool in ACCOUNT_ACTIONS


@dataclass
class KillSwitch:
    """Operators stop all tool use at once; every change is kept for the audit log."""

    engaged: bool = False
    history: list[tuple[str, bool, str, str]] = field(default_factory=list)

    def set(self, engaged: bool, by: str, reason: str) -> None:
        self.engaged = engaged
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.history.append((stamp, engaged, by, reason))

    def call(self, tool: str, fn: Callable[..., Any], *args: Any) -> Any:
        if self.engaged:
            raise ToolUseStoppedError(f"tool use is stopped; {tool} was not called")
        return fn(*args)
