"""A centre's factory-numbered blanks (001 arts. 24-27, annexes 4-5): requests, handover protocols,
the state of each blank, destruction protocols and the yearly report."""
