"""Printing a province's voter lists (issue 17 #6): the DS-CT form of every
polling area of a province, one PDF per area, in parallel worker processes
(BENCH_PRINT_WORKERS, default the machine's cores), against the same areas
drawn one after another with plain reportlab canvas code in one process
(bench_voter_list_pdf's baseline). Pages per second per core, extrapolated
to the country.

A province is BENCH_PRINT_AREAS areas (default 200; the mean province has
72,195 / 34 ≈ 2,123) of BENCH_PRINT_VOTERS voters each (default 1,058: the
country's 76.4 M voters over its 72,195 areas). The rows are synthetic, so
the figure is the renderer's alone; the database's part (reading a list) is
in voter_lookup and voter_import.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from bench.common import report

AREAS = int(os.environ.get("BENCH_PRINT_AREAS", "200"))
VOTERS = int(os.environ.get("BENCH_PRINT_VOTERS", "1058"))
WORKERS = int(os.environ.get("BENCH_PRINT_WORKERS", str(os.cpu_count() or 1)))
NATIONAL_AREAS = 72_195
NATIONAL_VOTERS = 76_400_000


def _print_area(number: int) -> int:
    """One area's list rendered to PDF; its page count."""
    from bench.bench_voter_list_pdf import pdf_pages, synthetic_voters
    from forms import voter_list
    from forms.render import render

    model = voter_list.sample().model_copy(
        update={"voters": synthetic_voters(VOTERS), "polling_area_number": number}
    )
    return pdf_pages(render(voter_list.FORM, model))


def _warm() -> None:
    from forms.render import register_fonts

    register_fonts()


def main() -> None:
    from bench.bench_voter_list_pdf import data, plain_canvas, synthetic_voters

    # The baseline: the same list drawn with a bare canvas, in one process,
    # over a sample of the areas (each is the same size).
    _warm()
    model = data().model_copy(update={"voters": synthetic_voters(VOTERS)})
    start = time.perf_counter()
    baseline_pages = sum(plain_canvas(model) for _ in range(max(1, min(AREAS, 20))))
    baseline_rate = baseline_pages / (time.perf_counter() - start)

    with ProcessPoolExecutor(max_workers=WORKERS, initializer=_warm) as pool:
        list(pool.map(_print_area, range(1, WORKERS + 1)))  # each worker warmed up
        start = time.perf_counter()
        pages = sum(pool.map(_print_area, range(1, AREAS + 1), chunksize=4))
        elapsed = time.perf_counter() - start
    per_core = pages / elapsed / WORKERS
    national_pages = pages / AREAS * NATIONAL_AREAS
    print(
        f"# {AREAS:,} areas of {VOTERS:,} voters: {pages:,} pages in {elapsed:.1f} s on "
        f"{WORKERS} processes; the country's {NATIONAL_AREAS:,} areas ≈ "
        f"{national_pages:,.0f} pages ≈ {national_pages / per_core / 3600:,.1f} core-hours",
        file=sys.stderr,
        flush=True,
    )
    report("province_print", pages / elapsed, "pages/s", baseline_rate)
    report("province_print_per_core", per_core, "pages/s", baseline_rate)


if __name__ == "__main__":
    main()
