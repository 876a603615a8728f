"""The spaCy pipeline, built once per run from a registry.

    tokenizer (spaCy's, with factlint's rules) -> factlint_quantities -> factlint_terms

Components write plain values to `doc.user_data` (the parsed `Quantity` values, term matches as character
offsets and keys) and nothing else: spans, `doc.sents` or token attributes would
cost time and nothing downstream reads them (factlint.claims turns these values into facts). No
statistical model is needed, so nothing is downloaded.
"""
from __future__ import annotations

import re
import sys
from array import array


def _import_spacy_without_its_cli() -> None:
    """Import spaCy without its command line (`spacy/__init__.py` imports `spacy.cli.info` for
    `spacy.info`, which loads every CLI command: about a fifth of `import spacy`, and factlint uses none).
    While spaCy's package is imported, `spacy.cli` is a stand-in whose `info` imports the real one when
    called; it is removed at once, so a later `import spacy.cli` gets the real package."""
    if "spacy" in sys.modules:
        return
    import types

    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, as far as the import system asks
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info_module.info = info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info_module}
    sys.modules.update(stand_ins)
    try:
        import spacy  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_import_spacy_without_its_cli()

from spacy.attrs import IDX, LOWER, ORTH  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from ..lexicon import other_number
from ..registry.model import Registry
from ..vocabulary import vocabulary
from .matches import Matches
from .quantities import may_start_number, parse_quantities
from .phrases import PhraseIndex
from .questions import TokenQuestion, token_array

_ONE_LINE = re.compile(r"[^\s]+(?: [^\s]+)*")  # words separated by single spaces

QUANTITIES = "factlint_quantities"
TERMS = "factlint_terms"  # names: entities, drugs, brands, trials (read in every block)
CONTEXT_TERMS = "factlint_context_terms"  # metric cues, when/unless phrases, subgroups (read near numbers)
CONTEXT_KINDS = ("cue:", "phrase:", "subgroup:")

class TokenTexts(dict):
    """Token texts by index, cut from the text on first access and kept, without a Token object (or a
    string) per token: the parser reads few tokens of a chunk, the same ones again and again, and a
    dict hit runs in C. Indices only (no slices); `every()` gives all of them as a list."""

    __slots__ = ("text", "starts", "lengths")

    def __init__(self, text: str, starts: list[int], lengths: list[int]) -> None:
        super().__init__()
        self.text, self.starts, self.lengths = text, starts, lengths

    def __len__(self) -> int:
        return len(self.starts)

    def __missing__(self, k: int) -> str:
        s = self.starts[k]
        v = self[k] = self.text[s:s + self.lengths[k]]
        return v

    def every(self) -> list[str]:
        t = self.text
        return [t[s:s + n] for s, n in zip(self.starts, self.lengths)]


OFFSETS = "factlint_offsets"


def token_offsets(doc: Doc) -> tuple[array, array, array]:
    """Each token's start, length and end in characters (read once per doc, by whichever component asks
    first). As `array.array`s: copied from spaCy's array in C, and an item is a Python int only when read (a
    list would make one per token; readers look at few); all index far faster than the numpy array."""
    found = doc.user_data.get(OFFSETS)
    if found is None:
        arr = token_array(doc)
        found = doc.user_data[OFFSETS] = (array("Q", arr[1].tobytes()), array("Q", arr[2].tobytes()),
                                          array("Q", (arr[1] + arr[2]).tobytes()))
    return found


def token_words(doc: Doc) -> tuple[TokenTexts, list[int]]:
    """Token texts and offsets without creating a Token object per token."""
    starts, lengths, _ = token_offsets(doc)
    return TokenTexts(doc_text(doc), starts, lengths), starts


@Language.factory(QUANTITIES)
def make_quantities(nlp: Language, name: str) -> "QuantityFinder":
    return QuantityFinder()


class QuantityFinder:
    """Finds quantities and the numbers that are not claims; see quantities.py for the grammar.

    Candidate starts are the tokens that hold a digit or are a number word ("twenty", "half"), found by
    token id (factlint.nlp.questions: each distinct word is tested once), so the Python parser only looks
    at the few tokens where a number can begin."""

    def __call__(self, doc: Doc) -> Doc:
        quantities = []
        cands = self._number_starts(doc)
        if cands:
            text = doc_text(doc)
            low = text.lower()
            words, starts = token_words(doc)
            # The parser reads tokens lowercased: cut from the text lowercased once, where that keeps offsets.
            lowered = TokenTexts(low, starts, words.lengths) if len(low) == len(text) else None
            if len(cands) * 40 > len(starts):
                # numbers are dense: plain strings beat cutting them on each access
                words, lowered = words.every(), (lowered.every() if lowered is not None else None)
            quantities = parse_quantities(words, starts, text, candidates=cands, lowered=lowered)
        doc.user_data[QUANTITIES] = quantities
        return doc

    def _number_starts(self, doc: Doc) -> list[int]:
        """The tokens where a number may start, in order: those that hold a digit (the tokenizer never
        splits a run of digits) and the number words (what a PhraseMatcher of them on LOWER would find:
        each is one token)."""
        return _MAY_START_NUMBER.tokens(doc)


_MAY_START_NUMBER = TokenQuestion(may_start_number)


@Language.factory(TERMS)
def make_terms(nlp: Language, name: str) -> "TermMatcher":
    return TermMatcher(nlp)


class TermMatcher:
    """Registry entities, drugs, trials, metric cues, `when`/`unless` phrases and lexicon phrases.

    Each match becomes a (start_char, end_char, key), with a key such as `entity:alk`, `cue:orr:strong`,
    `phrase:first-line` or `subgroup:smokers`: names in `doc.user_data["factlint_terms"]`, cues, phrases and
    subgroups in `doc.user_data["factlint_context_terms"]` (two thirds of the matches of real prose, and read
    only around numbers: kept apart, they are cut into blocks only where read). Case-insensitive phrases
    match on LOWER; brand names and short all-caps acronyms ("HR", "ALEX") match as written. Matches are
    found by token ids in numpy (factlint.nlp.phrases), with what spaCy's PhraseMatcher would find.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._seen: set[tuple[str, str, bool]] = set()
        self._pending: list[tuple[str, bool, list[str]]] = []  # (key, case-sensitive, phrases) not yet added
        self._phrases: dict[bool, set[tuple[tuple[int, ...], int]]] = {False: set(), True: set()}
        self._key_index: dict[str, int] = {}  # key -> its number in the indexes
        self._key_names: list[str] = []
        self._indexes: dict[bool, PhraseIndex] = {}
        # numpy arrays by key number (made by `flush`): the keys' ranks in the two orders, which keys are
        # context terms, the keys as objects
        self._names_by = self._context_by = self._is_context = self._key_objects = None

    def add(self, key: str, phrases, case_sensitive: bool = False, plurals: bool = False) -> None:
        """Match `phrases` under `key` (added to the indexes in one batch, by `flush` or the first call)."""
        todo = []
        phrases = [p.strip() for p in phrases]
        if plurals and not case_sensitive:
            phrases += [v for v in map(other_number, phrases) if v]
        for p in phrases:
            if not p or (key, p, case_sensitive) in self._seen:
                continue
            self._seen.add((key, p, case_sensitive))
            todo.append(p if case_sensitive else p.lower())
        if todo:
            self._pending.append((key, case_sensitive, todo))

    def flush(self) -> None:
        """Add the pending phrases. All phrases of a kind are tokenized as one text, one per line: the
        tokenizer splits at whitespace before anything else, so each phrase gets the tokens it gets alone,
        without a Doc (and spaCy's checks of it) per phrase, which made building the pipeline slow. A
        phrase is then the attribute values (LOWER or ORTH) of its tokens."""
        import numpy

        pending, self._pending = self._pending, []
        if not pending:
            return
        for key, _, _ in pending:
            if key not in self._key_index:
                self._key_index[key] = len(self._key_names)
                self._key_names.append(key)
        for case_sensitive, attr in ((False, LOWER), (True, ORTH)):
            batch = [(self._key_index[key], todo) for key, cs, todo in pending if cs is case_sensitive]
            phrases = [p for _, todo in batch for p in todo]
            if not phrases:
                continue
            found = self._phrases[case_sensitive]
            if any(not _ONE_LINE.fullmatch(p) for p in phrases):  # whitespace of other kinds: one at a time
                for key, todo in batch:
                    found.update((tuple(doc.to_array([attr]).tolist()), key)
                                 for doc in self.nlp.tokenizer.pipe(todo))
            else:
                doc = self.nlp.tokenizer.tokenizer("\n".join(phrases))
                arr = doc.to_array([IDX, attr])
                starts, values = arr[:, 0].tolist(), arr[:, 1].tolist()
                i, offset, n = 0, 0, len(starts)
                for key, todo in batch:
                    for p in todo:
                        end = offset + len(p)
                        while i < n and starts[i] < offset:
                            i += 1  # the line break between two phrases
                        j = i
                        while j < n and starts[j] < end:
                            j += 1
                        found.add((tuple(values[i:j]), key))
                        i, offset = j, end + 1
            self._indexes[case_sensitive] = PhraseIndex(found)
        names = self._key_names
        # Names are ordered by (start, end, key id: spaCy's hash of the key), context terms by (start, end,
        # key).
        key_ids = [self.nlp.vocab.strings.add(k) for k in names]
        self._names_by = _ranks(key_ids)
        self._context_by = _ranks(names)
        self._is_context = numpy.array([k.startswith(CONTEXT_KINDS) for k in names], dtype=bool)
        self._key_objects = numpy.array(names, dtype=object)

    def __call__(self, doc: Doc) -> Doc:
        """Write the doc's matches as columns of start_char, end_char and key (`Matches`): no Span objects,
        which nothing would read, and no Python object per match until the lists are made. Names in TERMS,
        in order of (start, end, key id: spaCy's hash of the key); context terms in CONTEXT_TERMS, in order of
        (start, end, key).
        (An archive's short articles share chunks, factlint.engine._chunks, so the index's numpy passes
        run once per chunk of about 100,000 characters, not once per article.)"""
        if self._pending:
            self.flush()
        if not len(doc) or not self._indexes:
            return doc
        import numpy

        tokens = token_array(doc)
        found = [index.find(tokens[3] if not case_sensitive else tokens[0])
                 for case_sensitive, index in self._indexes.items()]
        starts, ends, keys = (numpy.concatenate(parts) for parts in zip(*found))
        char_starts = tokens[1][starts].astype(numpy.int64)
        last = ends - 1
        char_ends = tokens[1][last].astype(numpy.int64) + tokens[2][last].astype(numpy.int64)
        context = self._is_context[keys]
        doc.user_data[TERMS] = self._sorted(char_starts[~context], char_ends[~context], keys[~context],
                                            self._names_by)
        doc.user_data[CONTEXT_TERMS] = self._sorted(char_starts[context], char_ends[context], keys[context],
                                                    self._context_by)
        return doc

    def _sorted(self, starts, ends, keys, ranks) -> Matches:
        """The matches in order of start, end and the keys' ranks."""
        import numpy

        ranks = ranks[keys]
        size, places = int(ends.max(initial=0)) + 1, len(self._key_names)
        if size * size * places < 1 << 63:  # one sort key: a stable sort merges the runs the matches come in
            order = numpy.argsort((starts * size + ends) * places + ranks, kind="stable")
        else:
            order = numpy.lexsort((ranks, ends, starts))
        return Matches(starts[order].tolist(), ends[order].tolist(), self._key_objects[keys[order]].tolist())


def _ranks(values: list) -> "numpy.ndarray":
    """Each value's place among the values sorted (equal values share one): a numpy array."""
    import numpy

    places = {v: i for i, v in enumerate(sorted(set(values)))}
    return numpy.array([places[v] for v in values], dtype=numpy.intp)


# factlint's tokenizer: spaCy's Tokenizer with a small rule set. spacy.blank("en") spends about 0.2 s
# building 1,300 special cases and compiling Unicode-wide punctuation classes; factlint needs neither
# (sentences are split on the text, abbreviations are handled by the sentence rule), and start-up time
# matters in pre-commit. The splits below match what the quantity parser expects: "3-5%" -> 3 - 5 %,
# "5-year" -> 5 - year, "EML4-ALK" -> EML4 - ALK, while "PD-1", "COVID-19", "3–5", "6.8" and "10,000" stay whole.
# A run of one affix character ("<<<<", "%%%%") is one token: spaCy strips affixes one search at a time,
# so single characters made long runs quadratic.
_PREFIX = re.compile(r"""^(?:([\[\](){}"'“‘«$£€¥~≈<>≤≥±#*•·…¿¡/])\1*|\.\.\.|US\$)""")
_SUFFIX = re.compile(r"""(?:([\[\](){}"'”’».,;:!?%…*†‡/])\1*|'s|’s|'S|’S|n't|n’t|N'T|N’T|\.\.\.)$""")
_INFIX = re.compile(
    r"(?<=[^\W_])[-–—](?=[^\W\d_])"  # letter or digit, hyphen, letter: "5-year", "EML4-ALK", "non-small"
    r"|(?<=[0-9])[-+*^](?=[0-9-])"  # digit-digit: "3-5", "1-800"
    r"|(?<=[0-9]%)[-–—](?=[0-9])"  # "10%—15%", "10%-15%": a range of shares
    r"|(?<=[0-9])[-–—](?=[$£€][0-9])|(?<=[0-9][-–—])[$£€](?=[0-9])"  # "$1,300-$1,500": a range of money
    r"|(?<=[^\W_])/(?=[^\W_])"  # "mg/m2", "and/or"
    r"|(?<=[^\W\d_]),(?=[^\W\d_])"  # "a,b" glued by a missing space
    r"|(?<=[^\W\d_])[:;](?=[^\W\d_])"
    r"|(?<=[a-z]{2})\.(?=[0-9]{1,3}$)"  # a footnote glued to a sentence's end: "after 10 years.2"
    r"|\.\.\.|…"
)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$")


def make_tokenizer(vocab) -> Tokenizer:
    return Tokenizer(vocab, rules={}, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search,
                     infix_finditer=_INFIX.finditer, token_match=None, url_match=_URL.match)


TEXT = "factlint_text"


class TextKeepingTokenizer:
    """Wraps the tokenizer to keep each block's text in `doc.user_data`: spaCy rebuilds `Doc.text` from
    its tokens on every access, which would cost a Python loop over all tokens each time."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(TEXT)
    return text if text is not None else doc.text


class FactlintLanguage(Language):
    lang = "en"


def build_nlp(registry: Registry) -> Language:
    """One spaCy pipeline for this registry. Build it once per process and reuse it."""
    # Our tokenizer from the start: Language would otherwise build its default one (about 40 ms) to drop it.
    # A vocabulary that computes only the lowercase form of each new word (the term matcher's attribute):
    # spaCy's default computes a dozen attributes in Python (shape, like_num, like_url, ...) that nothing
    # here reads, for every new word of the registry and of the drafts.
    from spacy.vocab import Vocab

    nlp = FactlintLanguage(Vocab(lex_attr_getters={LOWER: str.lower}),
                           create_tokenizer=lambda lang: TextKeepingTokenizer(make_tokenizer(lang.vocab)))
    nlp.add_pipe(QUANTITIES)
    terms: TermMatcher = nlp.add_pipe(TERMS)
    for term in vocabulary(registry):  # (what a stored analysis depends on: factlint.vocabulary)
        terms.add(term.key, term.names, case_sensitive=term.case_sensitive, plurals=term.plurals)
    terms.flush()
    return nlp
