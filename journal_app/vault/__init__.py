"""The encrypted journal file: bytes and keys only, never tables."""
