"""The desktop app (PySide6). Holds no business rules: it adapts services to views."""
