"""One window per library: a second ``digest-reader gui FILE`` hands FILE to the running one.

The running window listens on a ``QLocalServer`` whose name is derived from a hash of the
library path. A new process first tries to connect; if someone answers, it sends one JSON
line ``{"paths": [...]}`` and exits. Message size is capped and paths are only imported (read).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

MAX_MESSAGE = 1 << 20
TIMEOUT_MS = 800


def server_name(library_root: Path) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    real = str(Path(library_root).expanduser().resolve())
    digest = hashlib.sha256(f"{user}\0{real}".encode()).hexdigest()[:20]
    return f"digest-reader-{digest}"


def send_to_running(library_root: Path, paths: list[str], timeout_ms: int = TIMEOUT_MS) -> bool:
    """True when a running instance took the paths (it also raises its window)."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(library_root))
    if not sock.waitForConnected(timeout_ms):
        return False
    absolute = [str(Path(p).expanduser().resolve()) for p in paths]
    sock.write(json.dumps({"paths": absolute}).encode() + b"\n")
    sock.flush()
    if sock.bytesToWrite():
        sock.waitForBytesWritten(timeout_ms)
    reply = b""
    while b"\n" not in reply and sock.waitForReadyRead(timeout_ms):
        reply += bytes(sock.readAll().data())
    sock.disconnectFromServer()
    return reply.strip() == b"ok"


class InstanceServer(QObject):
    """Listens for other instances; emits the paths they hand over."""

    pathsReceived = Signal(list)

    def __init__(self, library_root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(library_root)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # a stale socket from a crashed instance
        return self.server.listen(self.name)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._drop(s))

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        data = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if len(data) > MAX_MESSAGE:
            sock.abort()
            return
        self._buffers[sock] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line.decode("utf-8"))
            paths = [str(p) for p in message.get("paths", []) if isinstance(p, str)]
        except (ValueError, AttributeError):
            sock.abort()
            return
        sock.write(b"ok\n")
        sock.flush()
        self.pathsReceived.emit(paths)
