"""Running the service: structured logs, Prometheus metrics, graceful shutdown,
backups. Nothing here decides anything about an election."""
