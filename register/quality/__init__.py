"""The annual quality self-assessment of licensed centres, with the tracking of their graduates."""
