"""Create the instance secret key and VAPID key pair on first run, never committed, and keep
instance/ and the SQLite database readable by their owner only."""
import base64
import logging
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def _owner_only(path: Path) -> None:
    """Drop the group and other bits (0644 -> 0600, 0755 -> 0700), keeping the owner's."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            path.chmod(mode & 0o700)
    except OSError as error:  # not ours to change (a mounted volume, say): say so, still start
        log.warning("Could not make %s private: %s", path, error)


def make_instance_private(instance: Path) -> None:
    """instance/ holds the keys (and, by default, the database): 0700, and its files 0600."""
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(instance)
    for path in instance.iterdir():
        if path.is_file():
            _owner_only(path)


def make_sqlite_private(database_uri: str, instance: Path) -> None:
    """Create the SQLite file 0600 before SQLite would create it 0644; SQLite gives the -wal and
    -shm files it makes later the database file's mode, so they are 0600 too."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or url.query.get("uri"):
        return
    path = Path(url.database)
    if not path.is_absolute():
        path = instance / path  # Flask-SQLAlchemy reads relative SQLite paths from instance/
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # empty is a valid database
    except FileExistsError:
        pass
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        if (path.parent / name).exists():
            _owner_only(path.parent / name)


def _create_once(path: Path, make_bytes) -> None:
    """Write a new file only if none exists; O_EXCL keeps parallel workers from racing."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(make_bytes())


def _new_vapid_pem() -> bytes:
    vapid = Vapid()
    vapid.generate_keys()
    return vapid.private_pem()


def load_secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    _create_once(path, lambda: secrets.token_hex(32).encode())
    return path.read_text().strip()


def load_vapid_keys(instance: Path) -> tuple[str, str]:
    """Return (private key file path, public key as base64url for applicationServerKey)."""
    path = instance / "vapid_private.pem"
    _create_once(path, _new_vapid_pem)
    vapid = Vapid.from_file(str(path))
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return str(path), base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
