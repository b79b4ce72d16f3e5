"""Qt table models that adapt journal records and service results for views."""
