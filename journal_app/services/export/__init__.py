"""The assessor's evidence pack (PDF, Word, HTML, CSV). Start at ``pack.export_pack``."""
