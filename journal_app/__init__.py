"""Placement Journal: an offline, encrypted reflective journal for learners on placement."""

__version__ = "0.1.0"
APP_NAME = "Placement Journal"
