"""MCP server configurations (`.mcp.json`, `.vscode/mcp.json`, `.cursor/mcp.json`...): each
server is a set of tools a model is given. Read as JSON data, never started."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from .model import Tool, Where

MCP_FILES = {".mcp.json", "mcp.json", "mcp_config.json", "claude_desktop_config.json"}


def is_mcp_config(path: str) -> bool:
    return PurePosixPath(path).name.lower() in MCP_FILES


def analyse_mcp(path: str, data: bytes) -> list[Tool]:
    try:
        config = json.loads(data)
    except (ValueError, RecursionError):
        return []
    if not isinstance(config, dict):
        return []
    servers = config.get("mcpServers", config.get("servers"))
    if not isinstance(servers, dict):
        return []
    lines = data.decode("utf-8", "replace").splitlines()
    out = []
    for name, spec in servers.items():
        if not isinstance(name, str) or not isinstance(spec, dict):
            continue
        how = spec.get("url") or spec.get("command") or "?"
        what = f"an MCP server whose tools the model may call ({str(how)[:80]})"
        line = next((n for n, text in enumerate(lines, 1) if f'"{name}"' in text), 0)
        out.append(Tool(f"mcp-{name}", "plugin", what, Where(path, line)))
    return out
