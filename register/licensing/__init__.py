"""Licensing applications: NAPOO's ten steps from registration to the chair's order (000, DOMAIN.md A)."""
