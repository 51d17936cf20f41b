"""Tabular imports (CSV and XLSX): reading, column mapping, staging, preview, atomic commit."""
