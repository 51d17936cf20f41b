"""Bulk import of voter lists from population-database exports.

A commune's list has up to tens of thousands of voters and the country 76
million, so this path is set-based end to end:

1. the file streams into an unlogged staging table with PostgreSQL's own CSV
   parser (COPY), transcoded on the fly when needed; XLSX rows stream through
   openpyxl (`reading`);
2. one SQL statement parses and checks every row (the rules of
   `election/voters/rules.py`, written as SQL: `queries/checks.py`), then one
   finds duplicates in the file and compares with the voters already listed
   (`staging`, `queries/staging.py`);
3. the user sees the counts and the error report; commit inserts and updates
   the voters in two statements, in one transaction, or nothing (`commit`).

The staging tables of a batch are described in `election/voters/queries/batch.py`.
"""

from __future__ import annotations

from election.imports import services as imports
from election.voters.bulk.commit import VoterBatchHandler
from election.voters.bulk.staging import KIND, stage_voters

imports.register_handler(KIND, VoterBatchHandler())

__all__ = ["stage_voters"]
