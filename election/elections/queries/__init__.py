"""SQL on the election tables, one module per subject: the election event and
its contests (`events`), electoral units with their communes (`units`), and
candidates with their official lists (`candidates`)."""
