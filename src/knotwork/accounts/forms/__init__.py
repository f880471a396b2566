"""Forms of the accounts pages."""
