"""Bulgarian text analysis for the search engine: normalising, words, stems, Latin keys and typo distance.

Standard library only. Every function takes any `str` and never raises on odd input (emoji, right-to-left
text, control characters, very long text); the engine calls `index_terms` for a field's text and
`query_terms` for what a visitor typed, and the two agree because they share every step below.

Choices made here, beyond the plain rules:

* Quotes. Apostrophe-like marks (' ’ ‘ ` ‚ ‛ ′ ʼ) are dropped, so "О'Нийл" reads "онийл". Double-quote
  marks (" „ “ ” « » ″ ‹ ›) are dropped too, but as a space, so a name glued to its quotes,
  "ЦПО„Знание“ООД", still splits into "цпо знание оод"; for the usual "ЦПО „Знание“" both give the same.
* Invisible format characters (soft hyphen, zero-width space/joiners, BOM, bidi marks: category Cf) and
  combining marks left over after NFC (e.g. a stress accent on a Cyrillic vowel) are removed, not turned
  into a space, because they sit inside words. Other controls (tab, newline; category Cc) are spaces.
* Any Unicode decimal digit becomes its ASCII digit (fullwidth "１２" → "12"); ё, ѐ → е and ѝ → и.
* Homoglyphs: Latin i is NOT mapped to и. They do not look alike (i is the Ukrainian і), so a Latin i
  inside a Cyrillic word is more likely a transliteration slip than a look-alike. A mixed word whose only
  Cyrillic letters are look-alikes of Latin ones while it also has plainly Latin letters ("Sоfia" with a
  Cyrillic о) is taken as Latin and mapped the other way.
* `latin_key`: q → ya, because in Bulgarian informal Latin ("шльокавица") q stands for я (Qmbol = Ямбол);
  c is left alone (it is ц as often as к); x → h as asked, so "Alex" does not meet "Алекс".
"""

import functools
import re
import unicodedata

__all__ = [
    "edit_distance",
    "index_terms",
    "is_cyrillic",
    "is_number",
    "latin_key",
    "normalise",
    "query_terms",
    "stem",
    "to_latin",
    "typo_limit",
    "words",
]

MAX_WORDS = 64
MAX_WORD_LENGTH = 64

_DROPPED_QUOTES = frozenset("'’‘`‚‛′ʼ")
_SPACED_QUOTES = frozenset('"„“”«»″‟‹›〝〞＂')
_FOLDS = {"ё": "е", "ѐ": "е", "ѝ": "и"}

# Lower-case Latin letters that look like lower-case (or, capitalised, upper-case) Cyrillic ones.
_LATIN_TO_CYRILLIC = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "y": "у",
    "x": "х",
    "k": "к",
    "m": "м",
    "t": "т",
    "h": "н",
    "b": "в",
}
_CYRILLIC_TO_LATIN = {cyr: lat for lat, cyr in _LATIN_TO_CYRILLIC.items()}

# Streamlined System, Закон за транслитерацията (ДВ бр. 19/2009), чл. 3, ал. 1.
_TRANSLITERATION = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
    # Not in the Act's table; folded the way `normalise` folds them.
    "ѝ": "i",
    "ѐ": "e",
}
# чл. 3, ал. 2: "ия" at the end of a word is "ia".
_FINAL_IA = re.compile(r"(ия|ИЯ|Ия|иЯ)(?![^\W\d_])")

_LATIN_LETTER_MAP = {"š": "sh", "č": "ch", "ž": "zh", "ŝ": "sht", "ă": "a", "ǎ": "a", "â": "a", "ĭ": "y"}
_LATIN_SIMPLE = str.maketrans({"x": "h", "w": "v", "j": "y", "q": "ya"})


def _is_cyrillic_letter(ch: str) -> bool:
    return ("\u0400" <= ch <= "\u052f" or "\u1c80" <= ch <= "\u1c8f" or "\u2de0" <= ch <= "\u2dff"
            or "\ua640" <= ch <= "\ua69f") and ch.isalpha()  # fmt: skip


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and ch.isascii() or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())


def _fix_homoglyphs(word: str) -> str:
    """Map look-alike letters so a mixed-script word becomes one script (see the module docstring)."""
    cyrillic = [ch for ch in word if _is_cyrillic_letter(ch)]
    if not cyrillic:
        return word
    latin = [ch for ch in word if _is_latin_letter(ch)]
    if not latin:
        return word
    if all(ch in _CYRILLIC_TO_LATIN for ch in cyrillic) and any(ch not in _LATIN_TO_CYRILLIC for ch in latin):
        return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in word)
    return "".join(_LATIN_TO_CYRILLIC.get(ch, ch) for ch in word)


def _clean_char(ch: str) -> str:
    if ch in _FOLDS:
        return _FOLDS[ch]
    category = unicodedata.category(ch)
    if category[0] == "L":
        return ch
    if category == "Nd":
        return str(unicodedata.decimal(ch, 0))
    if category[0] == "N":
        return ch
    if category in ("Mn", "Me", "Mc", "Cf") or ch in _DROPPED_QUOTES:
        return ""
    return " "


def normalise(text: str) -> str:
    """NFC (UAX #15), casefold, quotes dropped, other punctuation/symbols/controls as spaces, homoglyphs."""
    if not isinstance(text, str) or not text:
        return ""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(filter(None, (_normalise_number_or_chunk(chunk) for chunk in folded.split())))


def _normalise_number_or_chunk(chunk: str) -> str:
    # Numbers (licence numbers, ЕИК) are already normal and mostly unique: keep them out of the cache.
    if chunk.isascii() and chunk.isdigit():
        return chunk
    return _normalise_chunk(chunk)


@functools.lru_cache(maxsize=262144)
def _normalise_chunk(chunk: str) -> str:
    """One whitespace-separated chunk, cleaned; cached because names repeat their words endlessly."""
    cleaned = "".join(_clean_char(ch) for ch in chunk)
    return " ".join(_fix_homoglyphs(word) for word in cleaned.split())


def words(text: str) -> list[str]:
    """The normalised words in order: at most 64 of them, each cut to at most 64 characters."""
    return [word[:MAX_WORD_LENGTH] for word in normalise(text).split(" ", MAX_WORDS)[:MAX_WORDS] if word]


@functools.lru_cache(maxsize=262144)
def is_cyrillic(word: str) -> bool:
    """True when the word has a letter and every letter in it is Cyrillic (digits may sit beside them)."""
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all(_is_cyrillic_letter(ch) for ch in letters)


def is_number(word: str) -> bool:
    """True when the word is non-empty and all ASCII digits."""
    return bool(word) and word.isascii() and word.isdigit()


def _remove_article(w: str) -> str:
    n = len(w)
    if n > 6 and w.endswith("ият"):
        return w[:-3]
    if n > 5 and w.endswith(("ът", "то", "те", "та", "ия")):
        return w[:-2]
    if n > 4 and w.endswith("ят"):
        return w[:-2]
    return w


def _remove_plural(w: str) -> str:
    n = len(w)
    if n > 6:
        if w.endswith("овци"):
            return w[:-3]  # -овци → -о
        if w.endswith("ове"):
            return w[:-3]
        if w.endswith("еве"):
            return w[:-3] + "й"
    if n > 5:
        if w.endswith("ища"):
            return w[:-3]
        if w.endswith("та"):
            return w[:-2]
        if w.endswith("ци"):
            return w[:-2] + "к"
        if w.endswith("зи"):
            return w[:-2] + "г"
        if w[-3] == "е" and w[-1] == "и":
            return w[:-3] + "я" + w[-2]  # -еXи → -яX
    if n > 4:
        if w.endswith("си"):
            return w[:-2] + "х"
        if w.endswith("и"):
            return w[:-1]
    return w


@functools.lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """J. Savoy's light stemmer (Inf. Retrieval 10(6), 2007), as Lucene's BulgarianStemmer applies it."""
    if len(word) < 4 or not is_cyrillic(word):
        return word
    w = word
    if len(w) > 5 and w.endswith("ища"):
        return w[:-3]
    w = _remove_plural(_remove_article(w))
    if len(w) > 3:
        if w.endswith("я"):
            w = w[:-1]
        if w.endswith(("а", "о", "е")):
            w = w[:-1]
    if len(w) > 4 and w.endswith("ен"):
        w = w[:-2] + "н"
    if len(w) > 5 and w[-2] == "ъ":
        w = w[:-2] + w[-1]
    return w


def _transliterate_char(ch: str) -> str:
    latin = _TRANSLITERATION.get(ch)
    if latin is not None:
        return latin
    lower = ch.lower()
    latin = _TRANSLITERATION.get(lower) if lower != ch else None
    return latin.capitalize() if latin is not None else ch


@functools.lru_cache(maxsize=262144)
def to_latin(word: str) -> str:
    """Streamlined System of the Bulgarian Transliteration Act 2009 (ДВ 19/2009), with final -ия → -ia."""
    word = _FINAL_IA.sub(lambda m: "ia" if m.group(1)[0] == "и" else "Ia", word)
    return "".join(_transliterate_char(ch) for ch in word)


@functools.lru_cache(maxsize=262144)
def latin_key(word: str) -> str:
    """Loose Latin spelling: š č ž → sh ch zh, accents off, x→h w→v j→y q→ya, 4→ch 6→sh beside letters,
    ya→ia yu→iu, ii→i."""
    if any(_is_cyrillic_letter(ch) for ch in word):
        word = to_latin(word)
    word = unicodedata.normalize("NFC", word.casefold())
    word = "".join(_LATIN_LETTER_MAP.get(ch, ch) for ch in word)
    word = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    word = word.translate(_LATIN_SIMPLE)
    if not word.isdigit() and any(ch.isdigit() for ch in word):
        # Chat Latin writes ч as 4 and ш as 6 ("Dobri4", "6umen") inside words that have letters.
        word = word.replace("4", "ch").replace("6", "sh")
    word = word.replace("ya", "ia").replace("yu", "iu")
    return re.sub("i{2,}", "i", word)


def _latin_term(word: str) -> str:
    return word if is_number(word) else latin_key(word)


def index_terms(text: str) -> dict:
    """Per word of a field, in order with repeats: {"exact": words, "stems": stems, "latin": Latin keys}."""
    exact = words(text)
    return {
        "exact": exact,
        "stems": [stem(word) for word in exact],
        "latin": [_latin_term(word) for word in exact],
    }


def query_terms(text: str) -> list[dict]:
    """Per query word: {"word", "exact", "stem", "latin", "number"}, built as `index_terms` builds them."""
    return [
        {
            "word": word,
            "exact": word,
            "stem": stem(word) or word,
            "latin": _latin_term(word),
            "number": is_number(word),
        }
        for word in words(text)
    ]


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment (Levenshtein 1966 + Damerau 1964 swaps); limit + 1 once past `limit`."""
    if limit is None:
        limit = len(a) + len(b)
    limit = max(limit, 0)
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        # A row's minimum never falls in later rows, so once it passes the limit the answer does too.
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def typo_limit(word: str) -> int:
    """Typos allowed for a query word: 0 under 4 letters or a number, 1 under 8 letters, else 2."""
    if is_number(word) or len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2
