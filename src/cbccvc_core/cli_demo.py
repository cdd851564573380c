"""``cbccvc demo``: the main job (to be written)."""
