"""BAUP certification of project managers at IPMA levels D, C and B (004; DOMAIN.md C)."""
