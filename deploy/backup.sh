#!/usr/bin/env bash
# Nightly logical backup of the election database, kept for 30 days.
# Usage: ELECTION_DATABASE_URL=postgresql://... deploy/backup.sh /var/backups/election
set -euo pipefail
target=${1:?backup directory}
mkdir -p "$target"
stamp=$(date +%Y%m%d-%H%M%S)
pg_dump --format=custom --dbname="$ELECTION_DATABASE_URL" --file="$target/election-$stamp.dump"
# The audit chain must verify before a backup is trusted.
election audit-verify
find "$target" -name 'election-*.dump' -mtime +30 -delete
echo "backup written: $target/election-$stamp.dump"
