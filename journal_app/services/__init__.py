"""Rules over an open journal: plain functions, time passed in, no Qt (except export/pdf)."""
