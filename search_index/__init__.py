"""Search behind one interface: analyse, index in the record's own transaction, match, rank, suggest.

Registers (licences now; certificates and documents later) call:
  index_document(register, ref_id, name, other_texts)  -- inside the transaction that wrote the record
  remove_document(register, ref_id)
  parse(text) -> Query;  matching(register, query) -> SQL node of matching ids, or None
  suggest(register, query) -> a corrected Query or None
  documents(register, ids);  rank(query, candidates, names)
  highlight(text, query) -> Markup
The work is split by what it serves: indexing.py (documents in, vocabulary), querying.py (a query
parsed, matched, corrected), ranking.py (order and highlighting). Only search_index/engines.py holds
engine-specific SQL. Callers import from `search_index` itself.
"""

from search_index import analysis
from search_index.indexing import (
    _KNOWN_TERMS,
    ABBREVIATIONS,
    ARTICLES,
    analyse_document,
    analyse_documents,
    clear,
    engine,
    filter_token,
    index_document,
    remove_document,
    root,
    write_analysed,
    write_document,
)
from search_index.querying import (
    INDEXED_PREFIX,
    MAX_COMPLETIONS,
    MAX_WORDS,
    STOPWORDS,
    Entities,
    Query,
    first_documents,
    first_ids,
    matching,
    parse,
    suggest,
)
from search_index.ranking import documents, fold, highlight, name_tier, rank

__all__ = [
    "ABBREVIATIONS",
    "ARTICLES",
    "INDEXED_PREFIX",
    "MAX_COMPLETIONS",
    "MAX_WORDS",
    "STOPWORDS",
    "_KNOWN_TERMS",
    "Entities",
    "Query",
    "analyse_document",
    "analyse_documents",
    "analysis",
    "clear",
    "documents",
    "engine",
    "filter_token",
    "first_documents",
    "first_ids",
    "fold",
    "highlight",
    "index_document",
    "matching",
    "name_tier",
    "parse",
    "rank",
    "remove_document",
    "root",
    "suggest",
    "write_analysed",
    "write_document",
]
