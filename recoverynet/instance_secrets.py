"""Create the instance secret key and VAPID key pair on first run, never committed."""
import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid


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
