"""Access control: rights over unit subtrees, grants with a document and an expiry, audited reads, encrypted sensitive fields (issue 5).

:class:`AccessActs` is a base class of :class:`cbccvc_core.service.Actor`: its acts run through the
same ``Actor._work`` transaction and audit as every other act.

Who may read a dossier (RULES.md §5, "common to all"): its owner (a person sees their own dossier:
QN 6.3, ĐN 9.4, KT 9.3); an admin account; an agency account over its own unit's subtree (QN 6.2,
ĐN 9.3, KT 9.2, TQ 7, ĐL 6); anyone else only through a grant of the ``access`` (or ``update``,
``admin``) right over a subtree, backed by a written document and valid on the day (TQ 3.3,
ĐL 4.3, KT 9.3). Every read by someone other than the owner writes an audit entry (action ``read``)
naming who read whose dossier and what allowed it; the owner's own reads are not audited.

The keys of the encrypted fields (:mod:`cbccvc_core.crypto`) are attached to a workspace here
(:func:`attach_keys`, called by ``Workspace.create`` and ``Workspace.open``) and rotated by
:meth:`AccessActs.rotate_keys`.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.orm import Session

from . import audit
from .crypto import (
    DEFAULT_SENSITIVE,
    ENVELOPE,
    KeyRing,
    MissingKeyError,
    NoKeysError,
    WrongKeyError,
    check_value,
    engine_ring,
    envelopes,
    key_file_for,
    key_id_of,
    new_key_id,
    register,
    seal_content,
)
from .db import schema as db
from .db.engine import safe_url, transaction
from .db.schema_access import EncryptionKey
from .i18n import N_

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from .rules.types import RuleSet
    from .service import Workspace, _Work


# -- keys of a workspace ---------------------------------------------------------------------------------


def sensitive_fields(ruleset: RuleSet) -> tuple[str, ...]:
    """The encrypted fields of a province: our default (personal ID, family, health) for every
    province. Quảng Nam Điều 2.3 and Đồng Nai Điều 4.3 require "mã hóa một số trường thông tin"
    without naming the fields, and no text marks any; a province that did would declare them in
    its rules (a cited policy) and they would be added here."""
    return DEFAULT_SENSITIVE


def attach_keys(ws: Workspace, *, create: bool) -> KeyRing:
    """Load the workspace's key file (``create``: make one when there is none yet), check it
    against the keys the database has used, and register it on the workspace's engine. A new key
    file is written only once the check has passed, before its keys are recorded."""
    path = key_file_for(ws.url)
    fresh = not os.path.exists(path)
    if not fresh:
        ring = KeyRing.load(path)
    elif create:
        ring = KeyRing.generate(path)
    else:
        raise NoKeysError(url=safe_url(ws.url), path=path)
    ring.fields = sensitive_fields(ws.ruleset)
    with transaction(ws._sessions) as s:
        _check_ring(s, ring)
        if fresh:
            ring.save()
    register(ws.engine, ring)
    _seal_legacy(ws, ring)
    return ring


def _check_ring(s: Session, ring: KeyRing) -> None:
    rows = {r.key_id: r for r in s.execute(select(EncryptionKey)).scalars()}
    now = datetime.now(UTC)
    for row in rows.values():
        if row.purpose != "data" or row.state == "dropped":
            continue
        key = ring.keys.get(row.key_id)
        if key is None:
            raise MissingKeyError(key_id=row.key_id, path=ring.path)
        if check_value(key) != row.check_value:
            raise WrongKeyError(key_id=row.key_id, path=ring.path)
    for kid, key in ring.keys.items():
        known = rows.get(kid)
        if known is not None and check_value(key) != known.check_value:
            raise WrongKeyError(key_id=kid, path=ring.path)
    index = rows.get("index")
    if index is None:
        s.add(
            EncryptionKey(
                key_id="index",
                purpose="index",
                check_value=check_value(ring.index_key),
                state="current",
                added_at=now,
            )
        )
    elif index.check_value != check_value(ring.index_key):
        raise WrongKeyError(key_id="index", path=ring.path)
    if ring.current not in rows:  # a new workspace, or a rotation that stopped half-way
        for row in rows.values():
            if row.purpose == "data" and row.state == "current":
                row.state = "retired"
        s.add(
            EncryptionKey(
                key_id=ring.current,
                purpose="data",
                check_value=check_value(ring.keys[ring.current]),
                state="current",
                added_at=now,
            )
        )


def _seal_legacy(ws: Workspace, ring: KeyRing) -> None:
    """Encrypt the rows written before the migration to encryption (index ``legacy:<id>``)."""
    p = _table(db.Person)
    legacy = (p.c.personal_id_index >= "legacy:") & (p.c.personal_id_index < "legacy;")
    with transaction(ws._sessions) as s:
        if s.execute(select(p.c.id).where(legacy).limit(1)).first() is None:
            return
        conn = s.connection()
        rows = conn.execute(
            text("SELECT id, personal_id FROM people WHERE personal_id_index LIKE 'legacy:%'")
        ).all()
        for pid_row, number in rows:
            conn.execute(
                update(p)
                .where(p.c.id == pid_row)
                .values(personal_id=number, personal_id_index=ring.blind_index(number))
            )
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            revs = conn.execute(
                text(
                    "SELECT r.id, r.content FROM revisions r JOIN dossiers d ON d.id = r.dossier_id "
                    "WHERE d.person_id IN :ids"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": chunk},
            ).all()
            for rid, content in revs:
                data = json.loads(content) if isinstance(content, str) else content
                if not any(True for _e in envelopes(data)):
                    conn.execute(
                        update(_table(db.Revision))
                        .where(_table(db.Revision).c.id == rid)
                        .values(content=data)
                    )


# -- reading ---------------------------------------------------------------------------------------------


def person_state(p: db.Person) -> dict[str, Any]:
    """A person's row for audit details and views: never the personal ID in clear text (the audit
    log is stored as it is), nor its index."""
    return {k: v for k, v in audit.row_state(p).items() if k not in ("personal_id", "personal_id_index")}


def dossier_view(s: Session, d: db.Dossier) -> dict[str, Any]:
    """The dossier, its person (with the personal ID, decrypted) and its current revision."""
    p = s.get(db.Person, d.person_id)
    assert p is not None
    rev = s.execute(
        select(db.Revision).where(db.Revision.dossier_id == d.id, db.Revision.number == d.current_revision)
    ).scalar_one()
    person = {k: v for k, v in audit.row_state(p).items() if k != "personal_id_index"}
    return {
        "dossier": audit.row_state(d),
        "person": person,
        "revision": {k: v for k, v in audit.row_state(rev).items() if k != "content"},
        "content": rev.content,
    }


def read_basis(w: _Work, d: db.Dossier, on: date, what: str) -> str | None:
    """None when ``d`` is the actor's own dossier; else what lets the actor read it (audited),
    or :class:`~cbccvc_core.service.PermissionDeniedError`."""
    if w.is_own_dossier(d):
        return None
    basis = w.right_basis("access", d.unit_path, on)
    if basis is None:
        from .service import PermissionDeniedError

        raise PermissionDeniedError(
            username=w.actor.username,
            action=what,
            why=N_("it is not their own dossier and they hold no valid access right over {unit_path}"),
            unit_path=d.unit_path,
        )
    return basis


def _audit_read(w: _Work, d: db.Dossier, basis: str | None, on: date, what: str) -> None:
    if basis is not None:
        w.audit("read", "dossier", d.id, None, None, person=d.person_id, basis=basis, on=on, read=what)


class AccessActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""

    if TYPE_CHECKING:
        ws: Workspace
        username: str

        def _work(self, action: str) -> AbstractContextManager[_Work]: ...

    def read_dossier(self, dossier_id: int, *, on: date) -> dict[str, Any]:
        """The dossier with its person and current content (sensitive fields decrypted); audited
        unless it is the reader's own."""
        _check_day(on)
        with self._work(N_("read a dossier")) as w:
            d = w.dossier(dossier_id)
            basis = read_basis(w, d, on, N_("read a dossier"))
            view = dossier_view(w.s, d)
            _audit_read(w, d, basis, on, "dossier")
            return view

    def read_history(self, dossier_id: int, *, on: date) -> list[dict[str, Any]]:
        """The dossier's audit history (who changed what, when); audited like a read."""
        _check_day(on)
        with self._work(N_("read a dossier's history")) as w:
            d = w.dossier(dossier_id)
            basis = read_basis(w, d, on, N_("read a dossier's history"))
            _audit_read(w, d, basis, on, "history")
        return self.ws.history(dossier_id)

    def find_dossier(self, personal_id: str, *, on: date) -> int:
        """The dossier of the person with this personal identification number (looked up by its
        blind index). An unknown number and a dossier the actor may not read give the same
        :class:`~cbccvc_core.service.NotFoundError`: a search reveals nothing it may not."""
        from .model.people import check_personal_id
        from .service import NotFoundError, PermissionDeniedError

        _check_day(on)
        number = check_personal_id(personal_id)
        with self._work(N_("find a dossier")) as w:
            index = engine_ring(w.ws.engine).blind_index(number)
            row = w.s.execute(
                select(db.Dossier)
                .join(db.Person, db.Person.id == db.Dossier.person_id)
                .where(db.Person.personal_id_index == index)
            ).scalar_one_or_none()
            if row is None:
                raise NotFoundError(entity=N_("dossier"), id=N_("of that personal identification number"))
            try:
                basis = read_basis(w, row, on, N_("find a dossier"))
            except PermissionDeniedError:
                raise NotFoundError(
                    entity=N_("dossier"), id=N_("of that personal identification number")
                ) from None
            _audit_read(w, row, basis, on, "search")
            return row.id

    def grants(self, *, on: date) -> list[dict[str, Any]]:
        """The grants the actor may administer (admin right over their unit), with whether each
        is valid on ``on``."""
        _check_day(on)
        with self._work(N_("list grants")) as w:
            g, u, a = db.Grant, db.Unit, db.Account
            out = []
            for grant, path, username in w.s.execute(
                select(g, u.path, a.username)
                .join(u, u.id == g.unit_id)
                .join(a, a.id == g.account_id)
                .order_by(g.id)
            ):
                if not w.has_right("admin", path, on):
                    continue
                documented = bool((grant.document_ref or "").strip())
                out.append(
                    {
                        **audit.row_state(grant),
                        "username": username,
                        "valid": documented
                        and grant.valid_from <= on
                        and (grant.valid_to is None or grant.valid_to >= on),
                    }
                )
            return out

    def revoke_grant(self, grant_id: int, *, on: date, reason: str) -> None:
        """End a grant: it no longer counts from ``on`` (its ``valid_to`` becomes the day
        before). Nothing is deleted; the audit keeps the grant as it was."""
        from .service import InvalidActionError, NotFoundError

        _check_day(on)
        with self._work(N_("revoke a grant")) as w:
            if not reason.strip():
                raise InvalidActionError(action=N_("revoke a grant"), why=N_("a reason is required"))
            grant = w.s.get(db.Grant, grant_id)
            if grant is None:
                raise NotFoundError(entity=N_("grant"), id=grant_id)
            w.require("admin", w.unit(grant.unit_id).path, on, N_("revoke a grant"))
            end = on - timedelta(days=1)
            if grant.valid_to is not None and grant.valid_to <= end:
                raise InvalidActionError(action=N_("revoke a grant"), why=N_("it has already ended"))
            before = audit.row_state(grant)
            grant.valid_to = end
            w.s.flush()
            w.audit("revoke_grant", "grant", grant.id, before, audit.row_state(grant), reason=reason, on=on)

    # -- keys
    def rotate_keys(self, *, on: date, drop_old: bool = True) -> str:
        """Make a new data key current and re-encrypt every sensitive value with it, in one
        transaction; then (``drop_old``) forget the old keys, once no value uses them. Needs the
        admin right over the whole province. Returns the new key's id.

        Order of the writes: the key file gains the new key first (and keeps the old ones), then
        the database is re-encrypted; if that fails, everything is still readable with the file.
        Rotate while no other process writes to the workspace (like a migration): a process
        still holding only the old keys cannot read values encrypted with the new one."""
        _check_day(on)
        ws = self.ws
        old = engine_ring(ws.engine)
        kid = new_key_id()
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        ring = KeyRing(
            {**old.keys, kid: AESGCM.generate_key(bit_length=256)}, kid, old.index_key, old.path, old.fields
        )
        with self._work(N_("rotate the encryption keys")) as w:
            root = w.s.execute(select(db.Unit.path).where(db.Unit.parent_id.is_(None))).scalars().first()
            w.require("admin", root or "/", on, N_("rotate the encryption keys"))
            ring.save()  # from here on, both the old and the new keys are in the file
            register(ws.engine, ring)  # and in memory: a failure below leaves everything readable
            people, revisions = _reencrypt(w.s)
            for row in w.s.execute(select(EncryptionKey).where(EncryptionKey.purpose == "data")).scalars():
                if row.state == "current":
                    row.state = "retired"
            w.s.add(
                EncryptionKey(
                    key_id=kid,
                    purpose="data",
                    check_value=check_value(ring.keys[kid]),
                    state="current",
                    added_at=datetime.now(UTC),
                )
            )
            w.s.flush()
            w.audit(
                "rotate_keys",
                "encryption_key",
                kid,
                None,
                {"key_id": kid},
                retired=sorted(old.keys),
                people=people,
                revisions=revisions,
                on=on,
            )
        if drop_old:
            self.prune_keys(on=on)
        return kid

    def prune_keys(self, *, on: date) -> list[str]:
        """Forget the keys no stored value uses any more (checked in the database, value by
        value); returns their ids. Needs the admin right over the whole province."""
        _check_day(on)
        ring = engine_ring(self.ws.engine)
        with self._work(N_("prune the encryption keys")) as w:
            root = w.s.execute(select(db.Unit.path).where(db.Unit.parent_id.is_(None))).scalars().first()
            w.require("admin", root or "/", on, N_("prune the encryption keys"))
            used = _keys_in_use(w.s)
            unused = sorted(k for k in ring.keys if k != ring.current and k not in used)
            if not unused:
                return []
            for row in w.s.execute(select(EncryptionKey).where(EncryptionKey.key_id.in_(unused))).scalars():
                row.state = "dropped"
            w.s.flush()
            w.audit("prune_keys", "encryption_key", ring.current, None, None, dropped=unused, on=on)
            kept = KeyRing(
                {k: v for k, v in ring.keys.items() if k not in unused},
                ring.current,
                ring.index_key,
                ring.path,
                ring.fields,
            )
        kept.save()  # after the commit: a file that still holds a dropped key is harmless
        register(self.ws.engine, kept)
        return unused


def _reencrypt(s: Session) -> tuple[int, int]:
    """Every personal ID and every revision's content, read (decrypted with whichever key) and
    written back (encrypted with the current key)."""
    p, r = _table(db.Person), _table(db.Revision)
    people = [{"b_id": i, "b_pid": v} for i, v in s.execute(select(p.c.id, p.c.personal_id))]
    if people:
        s.execute(update(p).where(p.c.id == bindparam("b_id")).values(personal_id=bindparam("b_pid")), people)
    count = 0
    last = 0
    while True:  # in pages: contents are the big rows
        page = s.execute(select(r.c.id, r.c.content).where(r.c.id > last).order_by(r.c.id).limit(1000)).all()
        if not page:
            break
        s.execute(
            update(r).where(r.c.id == bindparam("b_id")).values(content=bindparam("b_content")),
            [{"b_id": i, "b_content": c} for i, c in page],
        )
        count += len(page)
        last = page[-1][0]
    return len(people), count


def _keys_in_use(s: Session) -> set[str]:
    """The key ids of every envelope stored (read raw, without decrypting)."""
    used: set[str] = set()
    conn = s.connection()
    for (value,) in conn.execute(text("SELECT personal_id FROM people")):
        kid = key_id_of(value)
        if kid:
            used.add(kid)
    last = 0
    while True:
        page = conn.execute(
            text("SELECT id, content FROM revisions WHERE id > :last ORDER BY id LIMIT 1000"), {"last": last}
        ).all()
        if not page:
            break
        for _rid, content in page:
            data = json.loads(content) if isinstance(content, str) else content
            used.update(k for k in map(key_id_of, envelopes(data)) if k)
        last = page[-1][0]
    return used


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _check_day(on: Any) -> None:
    from .service import InvalidActionError

    if not isinstance(on, date) or isinstance(on, datetime):
        raise InvalidActionError(action=N_("act"), why=N_("{value!r} is not a date"), value=on)


def seal_for_import(ring: KeyRing, personal_id: str) -> tuple[str, str]:
    """The stored personal ID (envelope) and its blind index, for bulk writers."""
    return ring.encrypt_text(personal_id, "people.personal_id"), ring.blind_index(personal_id)


__all__ = [
    "ENVELOPE",
    "AccessActs",
    "attach_keys",
    "dossier_view",
    "person_state",
    "seal_content",
    "seal_for_import",
    "sensitive_fields",
]
