"""Personal data: redaction, pseudonyms, erasure, retention, access requests, and the
drafts and free text they must reach."""
