"""Encryption at rest of the sensitive fields: a key ring, AES-256-GCM, a blind index, rotation.

What is sensitive (trường thông tin được mã hóa): the personal identification number (số định danh
cá nhân / CCCD), the family section (quan hệ gia đình, mục 36 of the sơ yếu lý lịch) and health
(the health-insurance number). Quảng Nam Điều 2.3 and Đồng Nai Điều 4.3 require "mã hóa một số
trường thông tin" without naming the fields; this list is **our default** (see ``docs/access.md``);
a province that names more fields declares them (:class:`cbccvc_core.rules.types.SensitiveFields`).

How values are stored:

- ``people.personal_id``: an envelope ``cbx1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`` made by
  AES-GCM (``cryptography``'s :class:`AESGCM`, 96-bit random nonce) with the associated data
  ``people.personal_id``; beside it ``people.personal_id_index``, HMAC-SHA256 of the number under a
  separate key (a *blind index*): unique, and what lookups by number use. Reading a person checks
  the index against the decrypted number, so a ciphertext moved to another row is refused.
- ``revisions.content``: the JSON keeps its shape; each sensitive field's value is replaced by
  ``{"$enc": <envelope>}``. The associated data is ``revisions.content/<path>|<owner>``, where the
  owner is the blind index of the revision's own personal ID: a section moved into another person's
  revision does not decrypt. ``content_hash`` stays the hash of the plaintext canonical content.

Encryption is transparent: the columns are SQLAlchemy ``TypeDecorator`` s that find the key ring
of their engine (:func:`register`, done by ``Workspace.create/open``). An engine without a ring
(a raw look at the database, as the tests' ``snapshot()`` takes) reads the stored envelopes as they
are and cannot write these columns.

Keys live outside the database, in a key file (JSON, mode 0600): beside a SQLite file
(``<db>.keys``), for a server database in ``$CBCCVC_KEY_DIR`` (default ``~/.config/cbccvc/keys``)
under a name derived from the URL, or wherever ``$CBCCVC_KEYS`` points. The database keeps only
each key's id and a check value (``encryption_keys``), so a wrong or missing key is named before
anything is read. Rotation (:func:`rotate_in`): a new key becomes current, every value is
re-encrypted with it in one transaction, old keys may then be dropped from the file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import JSON, String, bindparam
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.sql import ClauseElement, operators
from sqlalchemy.types import TypeDecorator

from .errors import CbccvcError
from .i18n import N_

# -- errors ----------------------------------------------------------------------------------------


class KeyError_(CbccvcError):
    """Base of the key errors."""

    template = N_("Encryption key error: {detail}")


class KeyFileError(KeyError_):
    template = N_("Key file {path}: {detail}")


class NoKeysError(KeyError_):
    template = N_(
        "No encryption keys for {url}: the key file {path} does not exist. Restore it from its "
        "backup, or set CBCCVC_KEYS to its path; nothing was read or written."
    )


class MissingKeyError(KeyError_):
    template = N_(
        "Encryption key {key_id} is not in the key file {path}; values encrypted with it cannot be "
        "read. Restore that key file (or its backup); nothing was changed."
    )


class WrongKeyError(KeyError_):
    template = N_(
        "Key {key_id} in the key file {path} is not the key this database was encrypted with; "
        "nothing was read or written."
    )


class TamperedValueError(KeyError_):
    template = N_(
        "The encrypted value of {what} does not authenticate: it was changed, or moved from "
        "another row; nothing was changed."
    )


# -- what is sensitive -------------------------------------------------------------------------------

#: Our default, stated as ours (the texts say "một số trường" without naming them).
DEFAULT_SENSITIVE: tuple[str, ...] = (
    "identity.personal_id",  # số định danh cá nhân (CCCD)
    "identity.health_insurance_number",  # sức khỏe: số thẻ bảo hiểm y tế
    "family",  # mục 36: quan hệ gia đình
)

PERSONAL_ID_PATH = "identity.personal_id"
ENVELOPE = "cbx1"
_CHECK = b"cbccvc key check v1"
_INDEX_LABEL = b"cbccvc/people.personal_id\x00"


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_value(key: bytes) -> str:
    """A value that identifies a key without revealing it (stored in the database)."""
    return hmac.new(key, _CHECK, hashlib.sha256).hexdigest()[:32]


# -- the key ring ----------------------------------------------------------------------------------


@attrs.define
class KeyRing:
    """The keys of one workspace: data keys by id (``current`` encrypts, all decrypt) and the
    blind-index key (never rotated: the unique index of personal IDs is made with it)."""

    keys: dict[str, bytes]
    current: str
    index_key: bytes
    path: str = "—"
    fields: tuple[str, ...] = DEFAULT_SENSITIVE
    _ciphers: dict[str, AESGCM] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def _cipher(self, kid: str) -> AESGCM:
        cipher = self._ciphers.get(kid)
        if cipher is None:
            cipher = self._ciphers[kid] = AESGCM(self.keys[kid])
        return cipher

    def __attrs_post_init__(self) -> None:
        if self.current not in self.keys:
            raise KeyFileError(path=self.path, detail=N_("the current key is not among the keys"))
        for kid, key in self.keys.items():
            if len(key) != 32 or not kid.isalnum():
                raise KeyFileError(path=self.path, detail=N_("key {key_id} is not a 256-bit key"), key_id=kid)
        if len(self.index_key) != 32:
            raise KeyFileError(path=self.path, detail=N_("the index key is not a 256-bit key"))

    @classmethod
    def generate(cls, path: str = "—") -> KeyRing:
        kid = new_key_id()
        return cls({kid: AESGCM.generate_key(bit_length=256)}, kid, secrets.token_bytes(32), path)

    # -- values
    def encrypt(self, plaintext: bytes, aad: bytes) -> str:
        nonce = os.urandom(12)
        sealed = self._cipher(self.current).encrypt(nonce, plaintext, aad)
        return f"{ENVELOPE}.{self.current}.{_b64(nonce + sealed)}"

    def decrypt(self, token: str, aad: bytes, what: str) -> bytes:
        kid = key_id_of(token)
        if kid is None:
            raise TamperedValueError(what=what)
        if kid not in self.keys:
            raise MissingKeyError(key_id=kid, path=self.path)
        raw = _unb64(token.split(".", 2)[2])
        try:
            return self._cipher(kid).decrypt(raw[:12], raw[12:], aad)
        except (InvalidTag, ValueError):
            raise TamperedValueError(what=what) from None

    def encrypt_many(self, texts: Sequence[str], aad: str) -> list[str]:
        """:meth:`encrypt_text` of each text under the same associated data, for bulk writers
        (one call for the nonces, no per-value lookups)."""
        seal, extra = self._cipher(self.current).encrypt, aad.encode()
        nonces = os.urandom(12 * len(texts))
        prefix, b2a, urlsafe = f"{ENVELOPE}.{self.current}.", binascii.b2a_base64, _URLSAFE
        out = []
        for i, text in enumerate(texts):
            nonce = nonces[12 * i : 12 * i + 12]
            body = b2a(nonce + seal(nonce, text.encode(), extra), newline=False).translate(urlsafe)
            out.append(prefix + body.decode().rstrip("="))
        return out

    def encrypt_text(self, text: str, aad: str) -> str:
        return self.encrypt(text.encode(), aad.encode())

    def decrypt_text(self, token: str, aad: str, what: str) -> str:
        return self.decrypt(token, aad.encode(), what).decode()

    def blind_index(self, personal_id: str) -> str:
        """HMAC-SHA256 of the number under the index key (hex): equal numbers, equal indexes."""
        return hmac.new(self.index_key, _INDEX_LABEL + personal_id.encode(), hashlib.sha256).hexdigest()

    # -- the file
    def to_json(self) -> dict[str, Any]:
        return {
            "format": "cbccvc-keys/1",
            "current": self.current,
            "keys": {kid: _b64(key) for kid, key in self.keys.items()},
            "index_key": _b64(self.index_key),
        }

    def save(self, path: str | None = None) -> None:
        """Write the key file atomically (a temporary file renamed over it), mode 0600."""
        target = path or self.path
        folder = os.path.dirname(os.path.abspath(target))
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".keys-", dir=folder)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(self.to_json(), fh, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path: str) -> KeyRing:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise KeyFileError(path=path, detail=N_("the file does not exist")) from None
        except (OSError, ValueError) as exc:
            raise KeyFileError(
                path=path, detail=N_("unreadable ({cause})"), cause=type(exc).__name__
            ) from None
        try:
            if data.get("format") != "cbccvc-keys/1":
                raise ValueError
            return cls(
                {str(k): _unb64(v) for k, v in data["keys"].items()},
                str(data["current"]),
                _unb64(data["index_key"]),
                path,
            )
        except KeyFileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError):
            raise KeyFileError(path=path, detail=N_("not a cbccvc key file")) from None


def new_key_id() -> str:
    return "k" + secrets.token_hex(4)


def key_id_of(token: object) -> str | None:
    """The key id of an envelope, or None when ``token`` is not one."""
    if not isinstance(token, str) or not token.startswith(ENVELOPE + "."):
        return None
    parts = token.split(".", 2)
    return parts[1] if len(parts) == 3 and parts[1].isalnum() else None


# -- where the keys are ------------------------------------------------------------------------------


def key_file_for(url: str) -> str:
    """The key file of a workspace: ``$CBCCVC_KEYS``; beside a SQLite file; else in
    ``$CBCCVC_KEY_DIR`` (default ``~/.config/cbccvc/keys``) under a name made from the URL."""
    explicit = os.environ.get("CBCCVC_KEYS")
    if explicit:
        return explicit
    from .db.engine import safe_url, sqlite_file

    path = sqlite_file(url)
    if path is not None:
        return path + ".keys"
    folder = os.environ.get("CBCCVC_KEY_DIR") or os.path.join(
        os.path.expanduser("~"), ".config", "cbccvc", "keys"
    )
    return os.path.join(folder, hashlib.sha256(safe_url(url).encode()).hexdigest()[:24] + ".keys")


# -- engines and their rings ---------------------------------------------------------------------------

_RINGS: weakref.WeakKeyDictionary[Dialect, KeyRing] = weakref.WeakKeyDictionary()


def register(engine: Engine, ring: KeyRing) -> None:
    """Let the encrypted columns of ``engine`` use ``ring``."""
    _RINGS[engine.dialect] = ring


def ring_for(dialect: Dialect) -> KeyRing | None:
    return _RINGS.get(dialect)


def engine_ring(engine: Engine) -> KeyRing:
    ring = _RINGS.get(engine.dialect)
    if ring is None:
        raise KeyError_(detail=N_("the database was opened without its keys"))
    return ring


# -- the column types -----------------------------------------------------------------------------------

_INDEXED_OPS = (operators.eq, operators.ne, operators.in_op, operators.not_in_op)


class BlindIndexed(TypeDecorator[str]):
    """A bound value that is written as its blind index (for comparisons, see below)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        ring = ring_for(dialect)
        if ring is None:
            raise KeyError_(detail=N_("the database was opened without its keys"))
        return ring.blind_index(value)


class EncryptedString(TypeDecorator[str]):
    """Text stored as an AES-GCM envelope bound to ``table.column``.

    Equal plaintexts give different envelopes, so ``column == value`` cannot compare envelopes:
    with ``index`` (the name of the blind-index column beside it), ``==``, ``!=``, ``in_`` and
    ``not_in`` compare that column with the value's blind index instead, so
    ``select(Person).where(Person.personal_id == "062090001234")`` still finds the person."""

    impl = String(200)
    cache_ok = True

    class comparator_factory(String.Comparator[str]):  # the name SQLAlchemy reads
        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            index = getattr(self.type, "index", None)
            table = getattr(self.expr, "table", None)
            if index is not None and table is not None and op in _INDEXED_OPS:
                column = table.c[index]
                if op in (operators.in_op, operators.not_in_op):
                    values = [bindparam(None, v, type_=BlindIndexed()) for v in other[0]]
                    return op(column, values)
                if not isinstance(other[0], ClauseElement):
                    return op(column, bindparam(None, other[0], type_=BlindIndexed()))
            return super().operate(op, *other, **kwargs)

    def __init__(self, where: str, index: str | None = None) -> None:
        super().__init__()
        self.where = where
        self.index = index

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        ring = ring_for(dialect)
        if ring is None:
            raise KeyError_(detail=N_("the database was opened without its keys"))
        return ring.encrypt_text(value, self.where)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        ring = ring_for(dialect)
        if value is None or ring is None:  # a raw look at the database sees what is stored
            return value
        return ring.decrypt_text(value, self.where, self.where)


def _owner(ring: KeyRing, content: Mapping[str, Any]) -> str:
    identity = content.get("identity")
    pid = identity.get("personal_id") if isinstance(identity, Mapping) else None
    return ring.blind_index(pid) if isinstance(pid, str) else ""


def _aad(where: str, path: str, owner: str) -> str:
    return f"{where}/{path}|{owner}" if path != PERSONAL_ID_PATH else f"{where}/{path}"


def _holder(out: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    """The dict of ``out`` that holds ``path``'s last key (``section.field`` or ``field``), copied
    into ``out`` so that changing it leaves the caller's content alone; None when the section is
    missing."""
    head, _dot, leaf = path.rpartition(".")
    if not head:
        return out, leaf
    inner = out.get(head)
    if not isinstance(inner, Mapping):
        return None, leaf
    holder = out[head] = dict(inner)
    return holder, leaf


def seal_content(
    ring: KeyRing, content: Mapping[str, Any], where: str = "revisions.content"
) -> dict[str, Any]:
    """``content`` with each sensitive field's value replaced by ``{"$enc": envelope}``."""
    owner = _owner(ring, content)
    out = dict(content)
    for path in ring.fields:
        holder, leaf = _holder(out, path)
        if holder is None:
            continue
        if leaf not in holder or holder[leaf] is None:
            continue
        plain = json.dumps(holder[leaf], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        holder[leaf] = {"$enc": ring.encrypt_text(plain, _aad(where, path, owner))}
    return out


def open_content(
    ring: KeyRing, stored: Mapping[str, Any], where: str = "revisions.content"
) -> dict[str, Any]:
    """The plaintext content of a stored (sealed) one. The personal ID is opened first: its
    blind index is the owner the other fields are bound to."""
    out = dict(stored)
    owner = ""
    paths = sorted(ring.fields, key=lambda p: p != PERSONAL_ID_PATH)
    extra = [p for p in _sealed_paths(stored) if p not in paths]
    for path in (*paths, *extra):
        holder, leaf = _holder(out, path)
        if holder is None:
            continue
        value = holder.get(leaf)
        if not (isinstance(value, Mapping) and set(value) == {"$enc"}):
            if path == PERSONAL_ID_PATH and isinstance(value, str):
                raise TamperedValueError(what=f"{where}/{path}")
            continue
        plain = json.loads(ring.decrypt_text(value["$enc"], _aad(where, path, owner), f"{where}/{path}"))
        holder[leaf] = plain
        if path == PERSONAL_ID_PATH:
            owner = ring.blind_index(plain)
    return out


def _sealed_paths(stored: Mapping[str, Any]) -> list[str]:
    """Paths holding an envelope (fields a province marked once and no longer lists)."""
    found = []
    for key, value in stored.items():
        if isinstance(value, Mapping):
            if set(value) == {"$enc"}:
                found.append(key)
            else:
                found.extend(
                    f"{key}.{k}" for k, v in value.items() if isinstance(v, Mapping) and set(v) == {"$enc"}
                )
    return found


def envelopes(stored: Any) -> Iterable[str]:
    """Every envelope inside stored JSON content."""
    if isinstance(stored, Mapping):
        if set(stored) == {"$enc"} and isinstance(stored["$enc"], str):
            yield stored["$enc"]
        else:
            for value in stored.values():
                yield from envelopes(value)


class EncryptedContent(TypeDecorator[dict[str, Any]]):
    """Dossier content as JSON whose sensitive fields are AES-GCM envelopes."""

    impl = JSON
    cache_ok = True

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def process_bind_param(self, value: dict[str, Any] | None, dialect: Dialect) -> dict[str, Any] | None:
        if value is None:
            return None
        ring = ring_for(dialect)
        if ring is None:
            raise KeyError_(detail=N_("the database was opened without its keys"))
        return seal_content(ring, value, self.where)

    def process_result_value(self, value: Any, dialect: Dialect) -> dict[str, Any] | None:
        ring = ring_for(dialect)
        if value is None or ring is None:
            return value  # type: ignore[no-any-return]
        return open_content(ring, value, self.where)
