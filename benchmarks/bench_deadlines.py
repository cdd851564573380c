"""Benchmark: due dates for many (anchor, rule) pairs, three ways, checked against each other.

    .venv/bin/python benchmarks/bench_deadlines.py [--pairs N] [--walk-pairs M] [--repeat R] [--seed S]

(a) ours: ``period.due_date(anchor, cal)`` per pair (the public API's fast path, the date),
    ``period.due(anchor, cal)`` (the full result, with the provisional flag), and the raw
    ``cal.add_working_days(anchor, n)`` call;
(b) a plain walk day by day over the SAME days off and make-up days, read back from the
    calendar itself (so all three use one holiday data set);
(c) ``numpy.busday_offset``, one scalar call per pair, with weekmask Mon-Fri and the same
    weekday days off -- plus numpy's vectorised call over all pairs, for reference.

numpy cannot make a Saturday a working day (a busdaycalendar only removes days), so numpy is
compared only on the pairs whose counting window holds no make-up Saturday; the pairs it cannot
express are counted and reported separately. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import holidays
import numpy as np

from cbccvc_core.rules.calendar import WorkingCalendar
from cbccvc_core.rules.periods import CalendarDays, Immediately, WorkingDays

ANCHOR_FIRST = date(2015, 1, 1)
ANCHOR_LAST = date(2029, 12, 31)
MAX_N = 30
ONE_DAY = timedelta(days=1)
WD, CD, IM = 0, 1, 2  # kind codes of mix B
MIX_B_WEIGHTS = (0.6, 0.3, 0.1)  # working_days, calendar_days, immediately
TARGET_VS_WALK = 20.0


# -- (b) the walk, one day at a time -------------------------------------------------------------
class Walk:
    """Day-by-day counting over a set of days off and a set of make-up working days."""

    def __init__(self, days_off: set[date], make_up: set[date]) -> None:
        self.days_off = days_off
        self.make_up = make_up

    def is_working(self, day: date) -> bool:
        return day in self.make_up or (day.weekday() < 5 and day not in self.days_off)

    def add_working_days(self, anchor: date, n: int) -> date:
        day = anchor
        while n:
            day += ONE_DAY
            if self.is_working(day):
                n -= 1
        return day

    def next_working_day(self, day: date) -> date:
        while not self.is_working(day):
            day += ONE_DAY
        return day

    def due(self, kind: int, anchor: date, n: int) -> date:
        if kind == WD:
            return self.add_working_days(anchor, n)
        if kind == CD:
            return self.next_working_day(anchor + timedelta(days=n))
        return self.next_working_day(anchor)


def calendar_sets(cal: WorkingCalendar) -> tuple[set[date], set[date]]:
    """(weekdays that are days off, weekend days that are working days), read from ``cal``."""
    days_off: set[date] = set()
    make_up: set[date] = set()
    day = cal.first_day
    while day <= cal.last_day:
        working = cal.is_working_day(day)
        if day.weekday() < 5 and not working:
            days_off.add(day)
        elif day.weekday() >= 5 and working:
            make_up.add(day)
        day += ONE_DAY
    return days_off, make_up


# -- timing --------------------------------------------------------------------------------------
def timed(run: Callable[[], Any], repeat: int = 1) -> tuple[Any, float]:
    """(result of the first run, best time of ``repeat`` runs in seconds), like timeit's advice."""
    best, result = float("inf"), None
    for i in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
        if i == 0:
            result = out
        del out
    return result, best


def ns(seconds: float, calls: int) -> float:
    return seconds / calls * 1e9


def line(label: str, seconds: float, calls: int, note: str = "") -> None:
    print(f"  {label:<44} {ns(seconds, calls):9.1f} ns/call  {seconds:8.3f} s for {calls:>9,}  {note}")


def disagreements(a: Sequence[Any], b: Sequence[Any]) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


# -- the benchmark -------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000, help="(anchor, rule) pairs per mix")
    parser.add_argument(
        "--walk-pairs",
        type=int,
        default=None,
        help="time the day-by-day walk on only the first M pairs (default: all pairs)",
    )
    parser.add_argument("--seed", type=int, default=20260213, help="seed of the random pairs")
    parser.add_argument("--repeat", type=int, default=3, help="time each way R times, keep the best")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    def bench(run: Callable[[], Any]) -> tuple[Any, float]:
        return timed(run, repeat)

    n_pairs = args.pairs
    n_walk = n_pairs if args.walk_pairs is None else max(1, min(args.walk_pairs, n_pairs))

    print("bench_deadlines: due dates for (anchor, rule) pairs")
    print(
        f"  python {platform.python_version()} ({platform.machine()}), numpy {np.__version__}, "
        f"holidays {holidays.__version__}"
    )
    print(
        f"  pairs per mix: {n_pairs:,}; anchors uniform in {ANCHOR_FIRST}..{ANCHOR_LAST}; seed {args.seed}; "
        f"each time is the best of {repeat} runs (time.perf_counter)"
    )
    print()

    # -- building the calendar index ---------------------------------------------------------------
    builds = []
    for _ in range(3):
        cal, seconds = timed(WorkingCalendar)
        builds.append(seconds)
    print(f"Build WorkingCalendar() ({cal.first_day}..{cal.last_day}: python-holidays data + index), once:")
    print(
        f"  first build in this process {builds[0] * 1e3:.1f} ms (includes python-holidays' and the "
        f"bundled YAML's one-time loading); later builds {min(builds[1:]) * 1e3:.1f} ms (best of 2)"
    )
    print()

    days_off, make_up = calendar_sets(cal)
    walk = Walk(days_off, make_up)
    weekday_off = np.array(sorted(days_off), dtype="datetime64[D]")
    busdaycal = np.busdaycalendar(weekmask="1111100", holidays=weekday_off)
    make_up_ord = np.array(sorted(d.toordinal() for d in make_up), dtype=np.int64)
    in_range = [d for d in sorted(make_up) if ANCHOR_FIRST <= d <= ANCHOR_LAST + timedelta(days=60)]
    print(
        f"Holiday data read back from the calendar: {len(days_off)} weekday days off, "
        f"{len(make_up)} make-up Saturdays/Sundays ({len(in_range)} reachable from these anchors: "
        f"{', '.join(map(str, in_range))})"
    )
    print()

    # -- the pairs -----------------------------------------------------------------------------------
    rng = np.random.default_rng(args.seed)
    ordinals = rng.integers(ANCHOR_FIRST.toordinal(), ANCHOR_LAST.toordinal() + 1, size=n_pairs)
    counts = rng.integers(1, MAX_N + 1, size=n_pairs)
    kinds = rng.choice(3, size=n_pairs, p=MIX_B_WEIGHTS)
    anchors = [date.fromordinal(o) for o in ordinals.tolist()]
    anchors64 = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    anchors64_list = list(anchors64)  # numpy's own scalars, converted before timing
    counts_list = counts.tolist()
    kinds_list = kinds.tolist()
    pool_wd = {n: WorkingDays(n) for n in range(1, MAX_N + 1)}  # rules are shared, like in a rule set
    pool_cd = {n: CalendarDays(n) for n in range(1, MAX_N + 1)}
    immediately = Immediately()
    periods_a = [pool_wd[n] for n in counts_list]
    periods_b = [
        pool_wd[n] if k == WD else pool_cd[n] if k == CD else immediately
        for k, n in zip(kinds_list, counts_list, strict=True)
    ]

    ok = True
    results: dict[str, dict[str, float]] = {}

    # ============================================ mix A =================================================
    print(f"Mix A: working_days(n), n uniform in 1..{MAX_N}")
    _, overhead = bench(lambda: [a for a, n in zip(anchors, counts_list, strict=True)])
    add = cal.add_working_days
    due_a, t_due = bench(lambda: [p.due_date(a, cal) for a, p in zip(anchors, periods_a, strict=True)])
    raw_a, t_raw = bench(lambda: [add(a, n) for a, n in zip(anchors, counts_list, strict=True)])
    full_a, t_full = bench(lambda: [p.due(a, cal).day for a, p in zip(anchors, periods_a, strict=True)])
    line(
        "(a) ours, full result: period.due(a, cal)",
        t_full - overhead,
        n_pairs,
        "(a Due: date, window start, provisional flag)",
    )
    full_disagree = disagreements(full_a, due_a)
    print(f"      period.due vs period.due_date: {full_disagree} disagreements of {n_pairs:,}")
    ok &= full_disagree == 0
    walk_a, t_walk = bench(
        lambda: [
            walk.add_working_days(a, n) for a, n in zip(anchors[:n_walk], counts_list[:n_walk], strict=True)
        ]
    )
    bo = np.busday_offset
    np_a, t_np = bench(
        lambda: [
            bo(a, n, roll="backward", busdaycal=busdaycal)
            for a, n in zip(anchors64_list, counts_list, strict=True)
        ]
    )
    vec_a, t_vec = bench(lambda: bo(anchors64, counts, roll="backward", busdaycal=busdaycal))
    results["A"] = report(
        n_pairs,
        n_walk,
        overhead,
        t_due,
        t_raw,
        t_walk,
        t_np,
        t_vec,
        due_label="WorkingDays(n).due_date(a, cal)",
    )
    # -- agreement
    window_lo = ordinals + 1  # working_days(n) looks at the days after the anchor up to the due date
    ok &= check(
        due_a,
        raw_a,
        walk_a,
        np_a,
        vec_a,
        window_lo,
        make_up_ord,
        n_walk,
        extra=("period.due_date vs raw add_working_days", disagreements(due_a, raw_a)),
    )
    print()

    # ============================================ mix B =================================================
    w = dict(zip(("working_days", "calendar_days", "immediately"), MIX_B_WEIGHTS, strict=True))
    print(
        "Mix B: "
        + ", ".join(f"{k} {v:.0%}" for k, v in w.items())
        + f" (n uniform in 1..{MAX_N}); numpy: all three as busday_offset(start, offset, roll='forward')"
    )
    _, overhead = bench(lambda: [a for a, n in zip(anchors, counts_list, strict=True)])
    due_b, t_due = bench(lambda: [p.due_date(a, cal) for a, p in zip(anchors, periods_b, strict=True)])

    def ours_raw_b(kind: int, anchor: date, n: int) -> date:
        if kind == WD:
            return cal.add_working_days(anchor, n)
        if kind == CD:
            return cal.add_calendar_days(anchor, n)
        return cal.next_working_day(anchor)

    raw_b, t_raw = bench(
        lambda: [ours_raw_b(k, a, n) for k, a, n in zip(kinds_list, anchors, counts_list, strict=True)]
    )
    walk_b, t_walk = bench(
        lambda: [
            walk.due(k, a, n)
            for k, a, n in zip(kinds_list[:n_walk], anchors[:n_walk], counts_list[:n_walk], strict=True)
        ]
    )

    def numpy_due(kind: int, anchor: np.datetime64, n: int) -> np.datetime64:
        # working_days(n): first working day after the anchor, then n - 1 more;
        # calendar_days(n): anchor + n rolled forward; immediately: the anchor rolled forward.
        if kind == WD:
            return bo(anchor + 1, n - 1, roll="forward", busdaycal=busdaycal)
        if kind == CD:
            return bo(anchor + n, 0, roll="forward", busdaycal=busdaycal)
        return bo(anchor, 0, roll="forward", busdaycal=busdaycal)

    np_b, t_np = bench(
        lambda: [numpy_due(k, a, n) for k, a, n in zip(kinds_list, anchors64_list, counts_list, strict=True)]
    )

    def vectorised_b() -> Any:
        start = np.where(kinds == WD, anchors64 + 1, np.where(kinds == CD, anchors64 + counts, anchors64))
        offset = np.where(kinds == WD, counts - 1, 0)
        return bo(start, offset, roll="forward", busdaycal=busdaycal)

    vec_b, t_vec = bench(vectorised_b)
    results["B"] = report(
        n_pairs,
        n_walk,
        overhead,
        t_due,
        t_raw,
        t_walk,
        t_np,
        t_vec,
        due_label="period.due_date(a, cal)",
        raw_label="cal.add_working_days/add_calendar_days/next_wd",
    )
    window_lo_b = np.where(kinds == WD, ordinals + 1, np.where(kinds == CD, ordinals + counts, ordinals))
    ok &= check(
        due_b,
        raw_b,
        walk_b,
        np_b,
        vec_b,
        window_lo_b,
        make_up_ord,
        n_walk,
        extra=("period.due_date vs raw calendar calls", disagreements(due_b, raw_b)),
    )
    print()

    # ============================================ scaling with n =======================================
    n_scale = min(n_pairs, 20_000)
    sub = anchors[:n_scale]
    print(f"Scaling with n: working_days(n) for one fixed n, first {n_scale:,} anchors (ns per call)")
    print(f"  {'n':>4} {'ours due_date':>16} {'ours raw':>10} {'walk':>10} {'walk/ours':>10} {'walk/raw':>9}")
    for n in (1, 5, 10, 30, 60):
        period = WorkingDays(n)
        d_s, t_d = bench(lambda period=period: [period.due_date(a, cal) for a in sub])
        r_s, t_r = bench(lambda n=n: [add(a, n) for a in sub])
        w_s, t_w = bench(lambda n=n: [walk.add_working_days(a, n) for a in sub])
        ok &= d_s == r_s == w_s
        print(
            f"  {n:>4} {ns(t_d, n_scale):>16.0f} {ns(t_r, n_scale):>10.0f} {ns(t_w, n_scale):>10.0f} "
            f"{t_w / t_d:>9.1f}x {t_w / t_r:>8.1f}x"
        )
    print()

    # ============================================ targets ===============================================
    print("Targets (ours = period.due_date(anchor, cal); the raw calendar call in brackets):")
    for mix, r in results.items():
        print(
            f"  mix {mix}: >= {TARGET_VS_WALK:.0f}x faster than the walk: {r['walk'] / r['due']:.1f}x "
            f"[{r['walk'] / r['raw']:.1f}x] -> {verdict(r['walk'] / r['due'] >= TARGET_VS_WALK)} "
            f"[{verdict(r['walk'] / r['raw'] >= TARGET_VS_WALK)}]"
        )
        print(
            f"  mix {mix}: no slower per call than numpy's scalar busday_offset: "
            f"{r['due']:.0f} vs {r['numpy']:.0f} ns ({r['numpy'] / r['due']:.2f}x) "
            f"[{r['raw']:.0f} ns, {r['numpy'] / r['raw']:.2f}x] -> {verdict(r['due'] <= r['numpy'])} "
            f"[{verdict(r['raw'] <= r['numpy'])}]"
        )
    print()
    print("Agreement: " + ("all checks passed (0 disagreements on comparable pairs)" if ok else "FAILED"))
    return 0 if ok else 1


def report(
    n_pairs: int,
    n_walk: int,
    overhead: float,
    t_due: float,
    t_raw: float,
    t_walk: float,
    t_np: float,
    t_vec: float,
    due_label: str,
    raw_label: str = "cal.add_working_days(a, n)",
) -> dict[str, float]:
    line("Python loop overhead alone (in every row)", overhead, n_pairs)
    line(f"(a) ours: {due_label}", t_due, n_pairs)
    line(f"(a) ours, raw: {raw_label}", t_raw, n_pairs)
    walk_note = (
        ""
        if n_walk == n_pairs
        else (f"(sub-sample of {n_walk:,} pairs; {t_walk / n_walk * n_pairs:.1f} s scaled to {n_pairs:,})")
    )
    line("(b) day-by-day walk", t_walk, n_walk, walk_note)
    line("(c) numpy.busday_offset, one scalar call per pair", t_np, n_pairs)
    line("    numpy.busday_offset, one vectorised call", t_vec, n_pairs, "(per pair, for reference)")
    r = {
        "due": ns(t_due, n_pairs),
        "raw": ns(t_raw, n_pairs),
        "walk": ns(t_walk, n_walk),
        "numpy": ns(t_np, n_pairs),
        "vec": ns(t_vec, n_pairs),
    }
    print(
        f"  ratios: walk/ours {r['walk'] / r['due']:.1f}x (raw {r['walk'] / r['raw']:.1f}x); "
        f"numpy scalar/ours {r['numpy'] / r['due']:.2f}x (raw {r['numpy'] / r['raw']:.2f}x); "
        f"ours/numpy vectorised {r['due'] / r['vec']:.1f}x slower (raw {r['raw'] / r['vec']:.1f}x)"
    )
    return r


def check(
    ours: list[date],
    raw: list[date],
    walked: list[date],
    np_scalar: list[np.datetime64],
    np_vector: Any,
    window_lo: Any,
    make_up_ord: Any,
    n_walk: int,
    extra: tuple[str, int],
) -> bool:
    """Count the disagreements; numpy only where no make-up day lies in the counting window."""
    ours_ord = np.array([d.toordinal() for d in ours], dtype=np.int64)
    epoch = date(1970, 1, 1).toordinal()
    np_ord = np.array(np_scalar, dtype="datetime64[D]").astype(np.int64) + epoch
    vec_ord = np.asarray(np_vector, dtype="datetime64[D]").astype(np.int64) + epoch
    # make-up days d with window_lo <= d <= our due date: numpy would count them as days off
    hits = np.searchsorted(make_up_ord, ours_ord, side="right") - np.searchsorted(
        make_up_ord, window_lo, side="left"
    )
    comparable = hits == 0
    n_cmp = int(comparable.sum())
    d_walk = disagreements(ours[:n_walk], walked)
    d_np = int((np_ord[comparable] != ours_ord[comparable]).sum())
    d_np_other = int((np_ord[~comparable] != ours_ord[~comparable]).sum())
    d_vec = int((vec_ord != np_ord).sum())
    label, d_extra = extra
    print("  agreement:")
    print(f"    {label}: {d_extra} disagreements of {len(ours):,}")
    print(f"    ours vs walk: {d_walk} disagreements of {n_walk:,} pairs")
    print(
        f"    ours vs numpy scalar: {d_np} disagreements of {n_cmp:,} comparable pairs "
        f"(pairs whose counting window holds no make-up Saturday)"
    )
    print(
        f"    not comparable: {len(ours) - n_cmp:,} pairs whose window holds a make-up Saturday, which "
        f"numpy cannot make a working day; numpy differs on {d_np_other:,} of them (expected: all)"
    )
    print(f"    numpy vectorised vs numpy scalar: {d_vec} disagreements of {len(ours):,}")
    return d_extra == 0 and d_walk == 0 and d_np == 0 and d_vec == 0


if __name__ == "__main__":
    sys.exit(main())
