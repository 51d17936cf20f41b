"""The audit log's commands: `election audit-verify` and `election audit-checkpoint`.

The command line (`election.cli`) finds the database; these open it, do the
work and say what they found. Exit status: 0 intact or written, 1 broken or
not written.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from election import db
from election.audit.checkpoints import Checkpoint, CheckpointError, write_checkpoint
from election.audit.verification import ChainReport, verify_chain


def report_lines(report: ChainReport) -> list[str]:
    """What the verifier found, a line each, the first missing or altered event first."""
    if report.intact:
        against = (
            f" Checked against {report.checkpoints} checkpoint(s)." if report.checkpoints else ""
        )
        return [f"Audit chain intact: {report.events} events.{against}"]
    first = report.first_broken_id
    lines = [
        f"Audit chain BROKEN at event {first}." if first is not None else "Audit chain BROKEN."
    ]
    lines += [f"  - {finding.problem}: {finding.detail}" for finding in report.findings]
    if report.more_findings:
        lines.append(f"  … and {report.more_findings} more")
    return lines


def verify(dsn: str, checkpoints: Path | None = None) -> int:
    async def run() -> ChainReport:
        await db.open_pool(dsn, size=1)
        try:
            return await verify_chain(checkpoints)
        finally:
            await db.close_pool()

    report = asyncio.run(run())
    for line in report_lines(report):
        print(line, file=sys.stdout if report.intact else sys.stderr)
    return 0 if report.intact else 1


def checkpoint_lines(checkpoint: Checkpoint) -> list[str]:
    return [
        f"Audit checkpoint {checkpoint.sequence} written: {checkpoint.path}",
        f"  {checkpoint.events} events in {len(checkpoint.chains)} chains",
        f"  digest: {checkpoint.digest}",
        f"  for the minutes: {checkpoint.short_digest}",
    ]


def checkpoint(dsn: str, directory: Path) -> int:
    async def run() -> Checkpoint:
        await db.open_pool(dsn, size=1)
        try:
            return await write_checkpoint(directory)
        finally:
            await db.close_pool()

    try:
        written = asyncio.run(run())
    except (CheckpointError, OSError) as error:
        print(f"Audit checkpoint not written: {error}", file=sys.stderr)
        return 1
    for line in checkpoint_lines(written):
        print(line)
    return 0
