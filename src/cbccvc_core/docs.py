"""A province's rules as a Markdown document with sources (``cbccvc rules P --markdown``)."""

from __future__ import annotations

from .i18n import _, current_language
from .rules.types import ProvisionText, RuleSet
from .vocabulary import label


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _src(c: object) -> str:
    from .rules.citation import Citation

    assert isinstance(c, Citation)
    return f"{c.short}: “{_cell(c.quote)}”"


def ruleset_markdown(rs: RuleSet) -> str:
    """Sections for deadlines, approval, accounts, reports and backups, each line with its source."""
    lang = current_language()
    h = {
        "status": _("Status"),
        "in_force": _("In force from"),
        "deadlines": _("Deadlines"),
        "approval": _("Approval and delegation"),
        "accounts": _("Accounts and access"),
        "reports": _("Reports"),
        "backups": _("Backups and storage"),
        "event": _("Event"),
        "obligation": _("Obligation"),
        "period": _("Period"),
        "actor": _("Actor"),
        "source": _("Source"),
        "report": _("Report"),
        "from": _("From"),
        "to": _("To"),
        "due": _("Due"),
    }
    ins = rs.instrument
    lines = [
        f"# {rs.profile.name} (`{rs.code}`)",
        "",
        f"{ins.full_reference}. {h['status']}: {_(ins.status.value)}."
        + (f" {h['in_force']} {ins.in_force_from.isoformat()}." if ins.in_force_from else "")
        + (f" {ins.note}" if ins.note else ""),
        "",
        f"## {h['deadlines']}",
        "",
        f"| {h['event']} | {h['obligation']} | {h['period']} | {h['actor']} | {h['source']} |",
        "|---|---|---|---|---|",
    ]
    for r in rs.deadlines:
        actors = " / ".join(f"`{a}`" for a in r.actor_field.split("|"))
        note = f" ({_cell(r.note)})" if r.note else ""
        cats = f" [{', '.join(sorted(r.categories))}]" if r.categories else ""
        lines.append(
            f"| `{r.event}` | `{r.obligation}`{cats} | `{r.period}` | {actors}{note} | {_src(r.source)} |"
        )

    def provisions(title: str, items: list[tuple[str, ProvisionText | None]]) -> None:
        present = [(k, p) for k, p in items if p is not None]
        if present:
            lines.extend(["", f"### {title}", ""])
            lines.extend(f"- **{k}**: {p.summary} ({_src(p.source)})" for k, p in present if p)

    if rs.approval:
        a = rs.approval
        lines += ["", f"## {h['approval']}", "", f"- **act**: `{a.act.value}` ({_src(a.act_source)})"]
        lines += [
            f"- **approver** ({label('unit_scope', x.scope, lang)}): `{x.role}` ({_src(x.source)})"
            for x in a.approvers
        ]
        lines += [
            f"- **delegation**: `{d.delegator}` → `{d.delegate}`"
            + (" (in writing)" if d.in_writing else "")
            + f" ({_src(d.source)})"
            for d in a.delegations
        ]
        if a.verification_period is not None:
            lines.append(f"- **verification period**: `{a.verification_period}`")
        provisions(
            _("Other provisions"),
            [("own dossier", a.own_dossier), ("rejection", a.rejection), ("national sync", a.national_sync)],
        )
    if rs.accounts:
        c = rs.accounts
        lines += [
            "",
            f"## {h['accounts']}",
            "",
            f"- **identifier**: `{c.identifier.value}`"
            + (f" ({_src(c.identifier_source)})" if c.identifier_source else ""),
        ]
        if c.model is not None and c.model_source is not None:
            lines.append(f"- **accounts**: `{c.model.value}` ({_src(c.model_source)})")
        if c.holder_change is not None and c.holder_change_source is not None:
            lines.append(f"- **holder change**: `{c.holder_change.value}` ({_src(c.holder_change_source)})")
        lines += [
            f"- **{i.kind.value} account**: issued by `{i.issued_by}`"
            + (f", requested by `{i.requested_by}`" if i.requested_by else "")
            + f" ({_src(i.source)})"
            for i in c.issuance
        ]
        lines += [
            "- **password change**: "
            + (f"every {p.every_months} month(s)" if p.every_months else "regularly")
            + (f" ({p.applies_to.value} accounts)" if p.applies_to else "")
            + f" ({_src(p.source)})"
            for p in c.passwords
        ]
        lines += [f"- **right `{r.name}`**: {', '.join(r.allows)} ({_src(r.source)})" for r in c.rights]
        provisions(
            _("Other provisions"),
            [
                ("one account per agency", c.one_account_per_agency),
                ("lost password", c.lost_password),
                *[("revocation", p) for p in c.revocation],
                *[("access", p) for p in c.access],
            ],
        )
    if rs.reports:
        lines += [
            "",
            f"## {h['reports']}",
            "",
            f"| {h['report']} | {h['from']} | {h['to']} | {h['due']} | {h['source']} |",
            "|---|---|---|---|---|",
        ]
        for rp in rs.reports:
            due = f"`{rp.due}`" + (" (+1 year)" if rp.year_offset else "")
            lines.append(f"| `{rp.report}` | `{rp.sender}` | `{rp.recipient}` | {due} | {_src(rp.source)} |")
    if rs.backup:
        b = rs.backup
        lines += ["", f"## {h['backups']}", ""]
        lines += [
            f"- **{x.kind.value}** by `{x.by}`: {x.frequency.value}"
            + (f" on day {x.day_of_month}" if x.day_of_month else "")
            + (f", kept at least {x.keep_months} months" if x.keep_months else "")
            + f" ({_src(x.source)})"
            for x in b.backups
        ]
        provisions(
            _("Other provisions"),
            [
                ("restore", b.restore),
                ("exited dossiers", b.exited_dossiers),
                *[("storage", p) for p in b.storage],
            ],
        )
    return "\n".join(lines) + "\n"
