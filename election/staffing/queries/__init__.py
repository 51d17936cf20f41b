"""SQL on the staffing tables, one module per subject: the staff registry
(`people`), election bodies (`bodies`), their members and logins (`members`),
the Art. 27 conflicts (`conflicts`), the overview of a scope (`overview`), the
team assignment helper (`assignment`) and the demo data (`demo`)."""
