"""The administrative reform API: plans, tasks (one POST per step) and indicator values."""
