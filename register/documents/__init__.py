"""The register of documents issued by centres (001 arts. 5, 13-16, 21-22): courses and their people,
the documents a centre issues, NAPOO's check of each, the register itself and its verification."""
