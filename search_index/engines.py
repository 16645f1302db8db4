"""The two full-text engines: SQLite FTS5 and PostgreSQL tsvector/GIN. The only engine-specific SQL.

Documents arrive already analysed (search_index.analysis): each engine stores two texts of terms,
the name's and the rest's, and answers a query whose words each carry alternatives (exact word,
stem, transliterated key), the last word also as a prefix.
"""

import peewee

SCHEMA_SQLITE = [
    """CREATE TABLE IF NOT EXISTS search_doc (
        id INTEGER PRIMARY KEY,
        register VARCHAR(32) NOT NULL,
        ref_id INTEGER NOT NULL,
        name_text TEXT NOT NULL DEFAULT '',
        tokens TEXT NOT NULL DEFAULT '',
        UNIQUE (register, ref_id))""",
    # detail=none: no positions (we never ask for phrases), a far smaller index and faster writes;
    # columnsize=0: no per-document lengths, which only bm25 reads (results are ranked in Python).
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        name, other, prefix = '2 3', detail = none, columnsize = 0,
        tokenize = 'unicode61 remove_diacritics 0')""",
    "CREATE TABLE IF NOT EXISTS search_term (term VARCHAR(64) PRIMARY KEY)",
]
SCHEMA_POSTGRES = [
    """CREATE TABLE IF NOT EXISTS search_doc (
        id BIGSERIAL PRIMARY KEY,
        register VARCHAR(32) NOT NULL,
        ref_id INTEGER NOT NULL,
        name_text TEXT NOT NULL DEFAULT '',
        tokens TEXT NOT NULL DEFAULT '',
        document TSVECTOR NOT NULL,
        UNIQUE (register, ref_id))""",
    "CREATE INDEX IF NOT EXISTS search_doc_document ON search_doc USING GIN (document)",
    # Byte order, as SQLite's: a prefix's words are one range of the primary key (terms_starting).
    'CREATE TABLE IF NOT EXISTS search_term (term VARCHAR(64) COLLATE "C" PRIMARY KEY)',
]
DROP = [
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_doc",
    "DROP TABLE IF EXISTS search_term",
]


def _quote_fts5(term):
    return '"' + term.replace('"', "") + '"'


def _quote_tsquery(term):
    return "'" + term.replace("'", "").replace("\\", "") + "'"


class Engine:
    """What both engines share; subclasses hold the SQL."""

    schema = ()

    def __init__(self, database):
        self.database = database
        self.param = database.param

    def create_schema(self):
        """Create the engine's tables and indexes if missing."""
        for statement in self.schema:
            self.database.execute_sql(statement)

    def drop_schema(self):
        """Drop the engine's tables."""
        for statement in DROP:
            self.database.execute_sql(statement)

    def add_terms(self, terms):
        """Add words to the vocabulary used for typo suggestions."""
        terms = sorted({t for t in terms if 3 <= len(t) <= 64})
        for start in range(0, len(terms), 400):
            chunk = terms[start : start + 400]
            placeholders = ", ".join(f"({self.param})" for _ in chunk)
            self.database.execute_sql(
                f"INSERT INTO search_term (term) VALUES {placeholders} ON CONFLICT (term) DO NOTHING", chunk
            )

    def terms_starting(self, prefix, limit):
        """Up to `limit` vocabulary words that start with the prefix (an index range, in order)."""
        if not prefix:
            return []
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        cursor = self.database.execute_sql(
            f"SELECT term FROM search_term WHERE term >= {self.param} AND term < {self.param} "
            f"ORDER BY term LIMIT {int(limit)}",
            [prefix, upper],
        )
        return [row[0] for row in cursor.fetchall()]

    def clear_vocabulary(self):
        """Forget every word of the vocabulary."""
        self.database.execute_sql("DELETE FROM search_term")

    def vocabulary(self):
        """Every word in the vocabulary."""
        return [row[0] for row in self.database.execute_sql("SELECT term FROM search_term")]

    def vocabulary_size(self):
        """How many words the vocabulary holds (cheap: tells a cache when to reload)."""
        return self.database.execute_sql("SELECT COUNT(*) FROM search_term").fetchone()[0]

    def documents(self, register, ref_ids):
        """[(ref_id, normalised name text, filter tokens text)]: what ranking and facets read."""
        result = []
        ids = [int(i) for i in ref_ids]
        for start in range(0, len(ids), 1000):
            chunk = ",".join(map(str, ids[start : start + 1000]))  # integers, written as such
            cursor = self.database.execute_sql(
                f"SELECT ref_id, name_text, tokens FROM search_doc WHERE register = {self.param} "
                f"AND ref_id IN ({chunk})",
                [register],
            )
            result += cursor.fetchall()
        return result

    def clear(self, register):
        """Remove every document of a register (inside the caller's transaction)."""
        for ref_id in self._ids(register):
            self.delete(register, ref_id)

    def _ids(self, register):
        cursor = self.database.execute_sql(
            f"SELECT ref_id FROM search_doc WHERE register = {self.param}", [register]
        )
        return [row[0] for row in cursor.fetchall()]


class SqliteEngine(Engine):
    """SQLite FTS5: a contentful FTS table keyed by search_doc.id, prefix indexes for 2-4 letters."""

    schema = SCHEMA_SQLITE

    def upsert(self, register, ref_id, name_text, name_terms, other_terms, tokens=()):
        """Write one document's terms and filter tokens (replacing what was there)."""
        cursor = self.database.execute_sql(
            "INSERT INTO search_doc (register, ref_id, name_text, tokens) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (register, ref_id) DO UPDATE SET name_text = excluded.name_text, "
            "tokens = excluded.tokens RETURNING id",
            [register, ref_id, name_text, " ".join(tokens)],
        )
        doc_id = cursor.fetchone()[0]
        self.database.execute_sql("DELETE FROM search_fts WHERE rowid = ?", [doc_id])
        self.database.execute_sql(
            "INSERT INTO search_fts (rowid, name, other) VALUES (?, ?, ?)",
            [doc_id, " ".join(name_terms), " ".join([*other_terms, *tokens])],
        )

    def insert_many(self, register, documents):
        """Write many new documents at once (after `clear`), in order:
        [(ref_id, name_text, name terms text, other terms and tokens text, tokens text)]."""
        first = self.database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM search_doc").fetchone()[0] + 1
        cursor = self.database.cursor()
        cursor.executemany(
            "INSERT INTO search_doc (id, register, ref_id, name_text, tokens) VALUES (?, ?, ?, ?, ?)",
            [(first + i, register, d[0], d[1], d[4]) for i, d in enumerate(documents)],
        )
        cursor.executemany(
            "INSERT INTO search_fts (rowid, name, other) VALUES (?, ?, ?)",
            [(first + i, d[2], d[3]) for i, d in enumerate(documents)],
        )

    def delete(self, register, ref_id):
        """Remove one document."""
        row = self.database.execute_sql(
            "SELECT id FROM search_doc WHERE register = ? AND ref_id = ?", [register, ref_id]
        ).fetchone()
        if row:
            self.database.execute_sql("DELETE FROM search_fts WHERE rowid = ?", [row[0]])
            self.database.execute_sql("DELETE FROM search_doc WHERE id = ?", [row[0]])

    def clear(self, register):
        """Remove every document of a register: when it is the only one indexed, by rebuilding the
        tables (inside the caller's transaction: readers keep the old index until it commits)."""
        others = self.database.execute_sql(
            "SELECT 1 FROM search_doc WHERE register <> ? LIMIT 1", [register]
        ).fetchone()
        if not others:
            for statement in ("DROP TABLE IF EXISTS search_fts", "DELETE FROM search_doc", *self.schema[1:2]):
                self.database.execute_sql(statement)
            return
        self.database.execute_sql(
            "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE register = ?)", [register]
        )
        self.database.execute_sql("DELETE FROM search_doc WHERE register = ?", [register])

    def match_expression(self, alternatives):
        """FTS5 MATCH text: all words, each one of its alternatives; (term, is_prefix) pairs."""
        groups = []
        for options in alternatives:
            parts = [_quote_fts5(term) + ("*" if prefix else "") for term, prefix in options]
            groups.append("(" + " OR ".join(parts) + ")")
        return " AND ".join(groups)

    def first_documents(self, register, alternatives, limit, offset=0):
        """[(ref_id, name_text, tokens)] of matching documents in document order, driven by the
        full-text index so that it stops early."""
        cursor = self.database.execute_sql(
            "SELECT d.ref_id, d.name_text, d.tokens FROM search_fts CROSS JOIN search_doc d "
            "ON d.id = search_fts.rowid WHERE search_fts MATCH ? AND d.register = ? "
            "ORDER BY search_fts.rowid LIMIT ? OFFSET ?",
            [self.match_expression(alternatives), register, limit, offset],
        )
        return cursor.fetchall()

    def matching(self, register, alternatives):
        """A parenthesised SQL node selecting the matching ref_ids, for `Model.id.in_(...)`."""
        return peewee.SQL(
            # The FTS query runs once (an IN list), then documents by primary key: joined instead,
            # SQLite would run the full-text query again for every document of the register.
            # "+register": compare, but never choose the register's index over the primary key.
            "(SELECT ref_id FROM search_doc WHERE id IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH ?) AND +register = ?)",
            [self.match_expression(alternatives), register],
        )


class PostgresEngine(Engine):
    """PostgreSQL: one tsvector a document ('simple' configuration: our own analysis), GIN index."""

    schema = SCHEMA_POSTGRES

    def upsert(self, register, ref_id, name_text, name_terms, other_terms, tokens=()):
        """Write one document's terms and filter tokens (replacing what was there)."""
        self.database.execute_sql(
            "INSERT INTO search_doc (register, ref_id, name_text, tokens, document) VALUES (%s, %s, %s, %s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')) "
            "ON CONFLICT (register, ref_id) DO UPDATE SET name_text = excluded.name_text, "
            "tokens = excluded.tokens, document = excluded.document",
            [
                register,
                ref_id,
                name_text,
                " ".join(tokens),
                " ".join(name_terms),
                " ".join([*other_terms, *tokens]),
            ],
        )

    def insert_many(self, register, documents):
        """Write many new documents at once (after `clear`), in order:
        [(ref_id, name_text, name terms text, other terms and tokens text, tokens text)]."""
        cursor = self.database.cursor()
        cursor.executemany(
            "INSERT INTO search_doc (register, ref_id, name_text, tokens, document) VALUES (%s, %s, %s, %s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))",
            [
                (register, ref_id, text, tokens, name, other)
                for ref_id, text, name, other, tokens in documents
            ],
        )

    def delete(self, register, ref_id):
        """Remove one document."""
        self.database.execute_sql(
            "DELETE FROM search_doc WHERE register = %s AND ref_id = %s", [register, ref_id]
        )

    def clear(self, register):
        """Remove every document of a register."""
        self.database.execute_sql("DELETE FROM search_doc WHERE register = %s", [register])

    def match_expression(self, alternatives):
        """tsquery text: all words, each one of its alternatives, prefixes as :*."""
        groups = []
        for options in alternatives:
            parts = [_quote_tsquery(term) + (":*" if prefix else "") for term, prefix in options]
            groups.append("(" + " | ".join(parts) + ")")
        return " & ".join(groups)

    def first_documents(self, register, alternatives, limit, offset=0):
        """[(ref_id, name_text, tokens)] of matching documents in document order."""
        cursor = self.database.execute_sql(
            "SELECT ref_id, name_text, tokens FROM search_doc WHERE register = %s "
            "AND document @@ to_tsquery('simple', %s) ORDER BY id LIMIT %s OFFSET %s",
            [register, self.match_expression(alternatives), limit, offset],
        )
        return cursor.fetchall()

    def matching(self, register, alternatives):
        """A parenthesised SQL node selecting the matching ref_ids, for `Model.id.in_(...)`."""
        return peewee.SQL(
            "(SELECT ref_id FROM search_doc WHERE register = %s AND document @@ to_tsquery('simple', %s))",
            [register, self.match_expression(alternatives)],
        )


def engine_for(database):
    """The engine for a peewee database (the proxy's bound object)."""
    if isinstance(database, peewee.PostgresqlDatabase):
        return PostgresEngine(database)
    if isinstance(database, peewee.SqliteDatabase):
        return SqliteEngine(database)
    raise RuntimeError(f"no search engine for {type(database).__name__}")
