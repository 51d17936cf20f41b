"""Tallying: tally sheets, verification, approval, results and winners."""
