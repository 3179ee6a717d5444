"""An audit hook for every process of the benchmark: refuses and records network access and canary reads.

Import workers are separate processes, so a hook installed in the benchmark
would not see them. Instead a ``sitecustomize`` module is written to a folder
put on ``PYTHONPATH``: Python imports it at start-up in the importing process,
in each worker it spawns and in the timing processes. It writes one line per
refused connection, host-name lookup or HTTP request, and per opening of the
canary file, to the log named by ``HOSTILE_AUDIT_LOG``. Code that bypasses
Python (a C library opening sockets itself) is not seen; the canary's token
is therefore also searched for in the library afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

LOG_VARIABLE = "HOSTILE_AUDIT_LOG"
CANARY_VARIABLE = "HOSTILE_CANARY"

_HOOK = '''"""Written by bench/hostile_corpus.py: refuses and records network access (hostile/network_guard.py)."""
import os
import socket
import sys

_LOG = os.environ.get("HOSTILE_AUDIT_LOG")
_CANARY = os.environ.get("HOSTILE_CANARY") or "\\0"
_LOCAL = {None, "", "localhost", "127.0.0.1", "::1"}


def _note(line):
    with open(_LOG, "a", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(f"{os.getpid()} {line}\\n")


def _hook(event, args):
    if event == "open":
        if isinstance(args[0], str) and _CANARY in args[0]:
            _note(f"canary opened: {args[0]!r}")
        return
    refused = None
    if event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
        refused = f"connection to {args[1]!r}"
    elif event == "socket.getaddrinfo" and args[0] not in _LOCAL:
        refused = f"host name lookup {args[0]!r}"
    elif event in ("urllib.Request", "http.client.connect"):
        refused = f"HTTP request {args[:2]!r}"
    if refused:
        _note(f"refused {refused}")
        raise PermissionError(f"the hostile-input benchmark refuses network access: {refused}")


if _LOG:
    sys.addaudithook(_hook)
'''


def install(folder: Path, log: Path, canary: Path) -> dict[str, str]:
    """Writes the hook module into ``folder`` and returns the environment that loads it in child processes."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_HOOK, encoding="utf-8")
    log.write_text("", encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    env[LOG_VARIABLE] = str(log)
    env[CANARY_VARIABLE] = canary.name
    return env


def events(log: Path) -> list[str]:
    """What the hook recorded."""
    return [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()] if log.exists() else []
