"""The interchange format (docs/interchange.md): JSON export, and import with every check
made before anything is written."""
