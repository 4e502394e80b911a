"""How the gate runs git inside a repository it does not trust (docs/security.md).

A repository's own configuration (`.git/config`, its `include.path` files, the worktree
config) and its `.gitattributes` can make git run programs: the fsmonitor hook, hooks,
clean/smudge/process filters, textconv and external diff drivers, signature programs,
credential helpers, askpass, ssh commands, upload-pack on local transports, and `ext::`
remotes. Every git command the gate runs runs with `hardened_env()`: git's own switches turn
each of those off, and configuration from outside the repository (the runner's global
configuration, which is trusted) keeps working.

- environment: no system config or system attributes (`GIT_CONFIG_NOSYSTEM`,
  `GIT_ATTR_NOSYSTEM`), no optional locks (a read-only run never writes the index, so no
  index hook), no replace refs, no prompts, and `GIT_ALLOW_PROTOCOL` (which git documents as
  overriding any protocol configuration) limited to https, http, ssh and file: no `ext::`,
  no `git://` (its proxy command comes from configuration), no remote helpers;
- command-line scope configuration (read after every configuration file, so it wins):
  `core.fsmonitor` off, `core.hooksPath=/dev/null`, `log.showSignature` off, and every key
  that names a program and is set by the repository's own configuration emptied or reset;
- the commands themselves: `cat-file` rather than `show` (no textconv), `--no-ext-diff
  --no-textconv`, `--ignore-submodules` (no recursion into submodules' own configuration),
  and `fetch --upload-pack=git-upload-pack` (the first `remote.<name>.uploadpack` wins
  over any override, and a local transport runs it) `--no-recurse-submodules --no-auto-gc`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

# git reads these per command; the values are git's documented "off" switches
ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",  # an empty GIT_ASKPASS also stops core.askPass being consulted
    "SSH_ASKPASS": "",
    "LC_ALL": "C",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_ALLOW_PROTOCOL": "https:http:ssh:file",
    "GIT_PAGER": "cat",
}

ALWAYS = (
    ("core.quotepath", "off"),
    ("core.fsmonitor", "false"),
    ("core.hooksPath", "/dev/null"),
    ("log.showSignature", "false"),
    ("core.untrackedCache", "false"),
)

# configuration keys whose value is a program git may run, matched lower-case; a subsection
# (a driver, remote or URL name) is `.+`
_PROGRAM_KEYS = re.compile(
    r"^(?:"
    r"core\.(?:sshcommand|askpass|editor|pager|alternaterefscommand)"
    r"|filter\..+\.(?:clean|smudge|process|required)"
    r"|diff\..+\.(?:textconv|command)|diff\.external"
    r"|merge\..+\.driver"
    r"|gpg\.(?:.+\.)?program"
    r"|credential\.(?:.+\.)?helper"
    r"|sequence\.editor|pager\..+|ssh\.variant"
    r")$",
    re.DOTALL,
)
# the value a reset key takes: git's documented default, or empty (no program)
_RESET = {"core.sshcommand": "ssh", "ssh.variant": "auto"}
_UNTRUSTED_SCOPES = {"local", "worktree"}


def untrusted_program_keys(config_listing: str) -> list[str]:
    """Program-naming keys the repository itself sets, from the output of
    `git config --list --show-scope --null` (scope NUL key NEWLINE value NUL ...)."""
    fields = config_listing.split("\x00")
    keys: list[str] = []
    for scope, entry in zip(fields[0::2], fields[1::2], strict=False):
        key = entry.split("\n", 1)[0]
        if scope in _UNTRUSTED_SCOPES and _PROGRAM_KEYS.match(key.lower()) and key not in keys:
            keys.append(key)
    return keys


def overrides(config_listing: str) -> list[tuple[str, str]]:
    """(key, value) settings that neutralise the repository's program keys."""
    out = []
    for key in untrusted_program_keys(config_listing):
        low = key.lower()
        if low.startswith("filter.") and low.endswith(".required"):
            out.append((key, "false"))
        elif low.startswith("credential."):
            out.append(("credential.helper", ""))  # the empty value clears every helper
        else:
            out.append((key, _RESET.get(low, "")))
    return out


def config_env(settings: list[tuple[str, str]]) -> dict[str, str]:
    """`GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`: command-line scope (read
    after every configuration file), and a key is never split on `=` as `-c` would."""
    first = _runner_count()  # the runner's own entries (trusted) stay, before ours
    env = {"GIT_CONFIG_COUNT": str(first + len(settings))}
    for i, (key, value) in enumerate(settings, start=first):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env


def _runner_count() -> int:
    try:
        return max(0, int(os.environ.get("GIT_CONFIG_COUNT", "0")))
    except ValueError:
        return 0


def hardened_env(read_config: Callable[[dict[str, str]], str]) -> dict[str, str]:
    """The environment for every git command. `read_config(env)` runs
    `git config --list --show-scope --null --includes` with `env` and returns its output."""
    # an unreadable configuration raises: no git command runs without the overrides
    listing = read_config({**ENV, **config_env(list(ALWAYS))})
    return {**ENV, **config_env([*ALWAYS, *overrides(listing)])}
