"""What candidates volunteer about themselves for fairness statistics, kept apart from hiring."""
