"""``cbccvc import``: units and staff from CSV (to be written)."""
