#!/usr/bin/env bash
# Nightly backup of the election database, kept for 30 days (election-backup.timer).
# Usage: deploy/backup.sh /var/backups/election   (settings from the environment:
# ELECTION_DATABASE_URL, and ELECTION_PG_BIN if the tools are somewhere unusual)
set -euo pipefail
target=${1:?backup directory}
election=${ELECTION_COMMAND:-election}
mkdir -p "$target"
archive="$target/election-$(date +%Y%m%d-%H%M%S).dump"
"$election" backup --output "$archive"
# The audit chain must verify before a backup is trusted.
"$election" audit-verify
find "$target" -name 'election-*.dump' -mtime +30 -delete
