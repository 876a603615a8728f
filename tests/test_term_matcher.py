"""The term matcher (factlint.nlp.pipeline.TermMatcher) adds its phrases in one batch, tokenized as one
text: it must match exactly what spaCy's documented way (one Doc per phrase) matches."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.matcher import PhraseMatcher  # noqa: E402

from factlint.nlp.matches import NO_MATCHES  # noqa: E402
from factlint.nlp.pipeline import TERMS, build_nlp, doc_text  # noqa: E402
from factlint.registry.model import Registry  # noqa: E402

# Phrases whose tokens come from prefix, suffix and infix rules, punctuation and case.
PHRASES = ["non-small-cell lung cancer", "HER2+", "5-year", "overall survival (OS)", "T-DXd", "O'Brien score",
           "LDL-C", "CD4/CD8 ratio", "“quoted” term", "e.g. this", "mg/dL", "U.S. adults", "3rd-line", "ALK",
           "type 2 diabetes", "kidney disease.", "(HR)"]
ODD_SPACES = ["a\tb c", "co-  morbidities"]  # not one line of single spaces: added one Doc at a time
TEXT = ("In U.S. adults with non-small-cell lung cancer or HER2+ disease, 5-year overall survival (OS) rose; "
        "T-DXd and O'Brien score, LDL-C in mg/dL, the CD4/CD8 ratio, a “quoted” term, e.g. this, a 3rd-line "
        "drug, ALK and alk, type 2 diabetes, kidney disease. (HR) a\tb c co-  morbidities")


def _reference(nlp, attr: str, phrases: list[str], text: str) -> list[tuple[int, int, str]]:
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for i, p in enumerate(phrases):
        matcher.add(f"k{i}", [nlp.tokenizer.tokenizer(p if attr == "ORTH" else p.lower())])
    doc = nlp.make_doc(text)
    return sorted((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), nlp.vocab.strings[k]) for k, s, e in matcher(doc))


@pytest.mark.parametrize("phrases", [PHRASES, PHRASES + ODD_SPACES], ids=["batched", "odd-spaces"])
@pytest.mark.parametrize("case_sensitive", [False, True])
def test_batched_phrases_match_as_one_doc_per_phrase_does(case_sensitive, phrases, monkeypatch):
    nlp = build_nlp(Registry())
    terms = nlp.get_pipe(TERMS)
    one_at_a_time = []
    real_pipe = nlp.tokenizer.pipe
    monkeypatch.setattr(nlp.tokenizer, "pipe", lambda texts: one_at_a_time.append(1) or real_pipe(texts))
    for i, p in enumerate(phrases):
        terms.add(f"k{i}", [p], case_sensitive=case_sensitive)
    doc = nlp(TEXT)
    got = sorted(t for t in doc.user_data.get(TERMS, NO_MATCHES).rows() if t[2].startswith("k"))  # not the built-in cues
    want = _reference(nlp, "ORTH" if case_sensitive else "LOWER", phrases, TEXT)
    assert got == want
    assert bool(one_at_a_time) is (phrases is not PHRASES)
    found = {doc_text(doc)[s:e] for s, e, _ in got}
    assert {"non-small-cell lung cancer", "HER2+", "LDL-C", "kidney disease."} <= found
    assert ("alk" in found) is not case_sensitive  # "ALK" as written only when case matters


def test_phrases_added_after_a_batch_are_matched_too():
    nlp = build_nlp(Registry())
    terms = nlp.get_pipe(TERMS)
    terms.add("entity:first", ["lung cancer"])
    terms.flush()
    terms.add("entity:later", ["overall survival"])  # added by the first call
    doc = nlp("Lung cancer and overall survival.")
    assert [key for key in doc.user_data[TERMS].keys if key.startswith("entity:")] == ["entity:first",
                                                                                        "entity:later"]


def test_names_are_cut_into_every_block_and_context_terms_only_where_read():
    """Names (entities, drugs, brands, trials) go to every block's facts; cues, phrases and subgroups are
    kept apart and cut into a block (block offsets, clipped to it) only when its terms are read."""
    from factlint.claims import split_chunk
    from factlint.engine import _SEPARATOR
    from factlint.nlp.pipeline import CONTEXT_TERMS

    nlp = build_nlp(Registry())
    terms = nlp.get_pipe(TERMS)
    terms.add("entity:kidneys", ["kidney disease"])
    terms.add("drug:renzamab", ["renzamab"])
    terms.add("phrase:first-line", ["first-line"])
    terms.add("cue:prevalence:strong", ["affects"])
    terms.add("subgroup:smokers", ["smokers"])
    terms.flush()
    blocks = ["Renzamab is a first-line choice for smokers.", "Kidney disease affects 14% of smokers."]
    doc = nlp(_SEPARATOR.join(blocks))
    assert all(not key.startswith(("cue:", "phrase:", "subgroup:")) for key in doc.user_data[TERMS].keys)
    assert set(doc.user_data[CONTEXT_TERMS].keys) >= {"phrase:first-line", "cue:prevalence:strong",
                                                                   "subgroup:smokers"}
    first, second = split_chunk(doc, [0, len(blocks[0]) + len(_SEPARATOR)], [len(b) for b in blocks])
    assert [key for _, _, key in first.raw_terms] == ["drug:renzamab"]
    assert [key for _, _, key in second.raw_terms] == ["entity:kidneys"]
    ours = ("entity:kidneys", "drug:renzamab", "phrase:first-line", "cue:prevalence:strong", "subgroup:smokers")
    assert [(blocks[1][t.start:t.end], t.key) for t in second.terms if t.key in ours] == [
        ("Kidney disease", "entity:kidneys"), ("affects", "cue:prevalence:strong"), ("smokers", "subgroup:smokers")]
    assert [(blocks[0][t.start:t.end], t.key) for t in first.terms if t.key in ours] == [
        ("Renzamab", "drug:renzamab"), ("first-line", "phrase:first-line"), ("smokers", "subgroup:smokers")]


def _phrase_matcher_finds(vocab, phrases, words):
    """What spaCy's PhraseMatcher (on ORTH) finds: sorted (key, start, end) token matches."""
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="ORTH")
    for ids, key in phrases:
        matcher.add(f"p{key}", [Doc(vocab, words=[vocab.strings[i] for i in ids])])
    return sorted((int(vocab.strings[m][1:]), s, e) for m, s, e in matcher(Doc(vocab, words=words)))


def test_phrase_index_finds_every_match_phrasematcher_finds():
    """On random docs over a small vocabulary (so phrases overlap, nest, repeat and end docs), with phrases
    of 1 to 30 words, some under two keys and some given twice, PhraseIndex finds exactly the (start, end,
    key) matches of spaCy's PhraseMatcher."""
    import random

    import numpy
    from spacy.vocab import Vocab

    from factlint.nlp.phrases import PhraseIndex

    rng = random.Random(11)
    vocab = Vocab()
    words = [f"w{i}" for i in range(12)]
    ids = {w: vocab.strings.add(w) for w in words}
    checked = 0
    for trial in range(40):
        phrases = []
        for key in range(rng.randint(1, 60)):
            length = rng.choice([1, 1, 2, 2, 3, 4, rng.randint(5, 30)])
            phrase = tuple(ids[rng.choice(words[:rng.randint(2, 12)])] for _ in range(length))
            phrases.append((phrase, key))
            if rng.random() < 0.2:
                phrases.append((phrase, key + 1000))  # the same phrase under another key
            if rng.random() < 0.1:
                phrases.append((phrase, key))  # given twice: found once
        index = PhraseIndex(phrases)
        for _ in range(5):
            doc_words = [rng.choice(words[:rng.randint(2, 12)]) for _ in range(rng.randint(0, 300))]
            if phrases and doc_words and rng.random() < 0.5:  # a phrase at the very end
                doc_words[-len(phrases[0][0]):] = [vocab.strings[i] for i in phrases[0][0]][-len(doc_words):]
            starts, ends, keys = index.find(numpy.array([ids[w] for w in doc_words], dtype=numpy.uint64))
            got = sorted(zip(keys.tolist(), starts.tolist(), ends.tolist()))
            want = _phrase_matcher_finds(vocab, phrases, doc_words)
            assert got == want, (trial, doc_words, phrases)
            checked += len(want)
    assert checked > 10_000  # (the docs do hold matches of every kind)


def test_phrase_index_with_more_sets_of_lengths_than_a_byte_holds():
    """The table of pairs of first ids holds, per slot, the number of the set of phrase lengths that start
    there, in the smallest type that holds them all: with over 255 sets it takes two bytes, and the index
    still finds exactly what spaCy's PhraseMatcher finds."""
    import random

    import numpy
    from spacy.vocab import Vocab

    from factlint.nlp.phrases import PhraseIndex

    rng = random.Random(5)
    vocab = Vocab()
    words = [f"v{i}" for i in range(40)]
    ids = {w: vocab.strings.add(w) for w in words}
    phrases, key = [], 0
    for first in words[:30]:
        for second in words[:30]:
            for length in rng.sample(range(2, 13), rng.randint(1, 5)):
                tail = [rng.choice(words) for _ in range(length - 2)]
                phrases.append((tuple(ids[w] for w in [first, second, *tail]), key))
                key += 1
    index = PhraseIndex(phrases)
    assert len(index.set_counts) - 1 > 255 and index.pairs.dtype.itemsize == 2
    checked = 0
    for _ in range(20):
        doc_words = []
        while len(doc_words) < 400:  # random words, and whole phrases among them
            if rng.random() < 0.3:
                doc_words.extend(vocab.strings[i] for i in rng.choice(phrases)[0])
            else:
                doc_words.append(rng.choice(words))
        starts, ends, keys = index.find(numpy.array([ids[w] for w in doc_words], dtype=numpy.uint64))
        got = sorted(zip(keys.tolist(), starts.tolist(), ends.tolist()))
        want = _phrase_matcher_finds(vocab, phrases, doc_words)
        assert got == want
        checked += len(want)
    assert checked > 500


def test_a_phrase_hash_found_is_checked_id_by_id():
    """A candidate whose hash is a phrase's is reported only if its ids are the phrase's: with a phrase's
    stored ids changed under the same hash, the doc that spells the hashed phrase no longer finds it."""
    import numpy
    from spacy.vocab import Vocab

    from factlint.nlp.phrases import PhraseIndex

    vocab = Vocab()
    a, b, c = (vocab.strings.add(w) for w in ("alpha", "beta", "gamma"))
    index = PhraseIndex([((a, b), 0), ((c,), 1)])
    doc = numpy.array([a, b, c], dtype=numpy.uint64)
    assert sorted(zip(*(x.tolist() for x in index.find(doc)))) == [(0, 2, 0), (2, 3, 1)]
    pair = int(numpy.flatnonzero(index.keys == 0)[0])
    index.ids[index.offsets[pair] + 1] = c  # (a, c) under the hash of (a, b): a collision, made by hand
    assert sorted(zip(*(x.tolist() for x in index.find(doc)))) == [(2, 3, 1)]


def test_the_phrase_hash_table_finds_each_hash_it_holds_and_no_other():
    import random

    import numpy

    from factlint.nlp.phrases import _HashTable

    rng = random.Random(5)
    held = sorted({rng.getrandbits(64) for _ in range(5000)})
    table = _HashTable(numpy.array(held, dtype=numpy.uint64))
    assert table.probes > 0  # some hashes sit past their slot: the probing is exercised
    queries = held[::3] + [rng.getrandbits(64) for _ in range(5000)]
    found = table.find(numpy.array(queries, dtype=numpy.uint64)).tolist()
    where = {h: i for i, h in enumerate(held)}
    assert found == [where.get(q, -1) for q in queries]


def test_docs_matched_together_get_what_each_gets_alone():
    """Docs through `nlp.pipe`: each doc's matches (names and context terms, in its own offsets and order)
    are those it gets alone, empty docs included, and no phrase spans the end of one doc and the start of
    the next."""
    import random

    from factlint.nlp.pipeline import CONTEXT_TERMS, TERMS

    nlp = build_nlp(Registry())
    terms = nlp.get_pipe(TERMS)
    terms.add("entity:lung-cancer", ["lung cancer", "cancer"])
    terms.add("phrase:small-cell", ["small cell lung cancer"])
    terms.add("drug:zorimab", ["zorimab"])
    terms.add("brand:Zorix", ["Zorix"], case_sensitive=True)
    rng = random.Random(3)
    words = ["lung", "cancer", "small", "cell", "zorimab", "Zorix", "zorix", "and", "of", "3%", "\n\n"]
    texts = ["small cell lung", "cancer of the lung", "", "Zorix"] + [
        " ".join(rng.choice(words) for _ in range(rng.randint(0, 60))) for _ in range(150)]
    alone = [(d.user_data.get(TERMS, NO_MATCHES).rows(), d.user_data.get(CONTEXT_TERMS, NO_MATCHES).rows())
             for d in map(nlp, texts)]
    together = [(d.user_data.get(TERMS, NO_MATCHES).rows(), d.user_data.get(CONTEXT_TERMS, NO_MATCHES).rows())
                for d in nlp.pipe(texts, batch_size=8)]
    assert together == alone
    assert alone[0][1] == [] and alone[1][0][0] == (0, 6, "entity:lung-cancer")  # nothing across the docs
    assert sum(len(n) + len(c) for n, c in alone) > 500


def test_matches_far_into_a_huge_text_sort_as_near_ones_do():
    """The matches' order (start, end, then the key's rank) comes from one sort key while start × end × keys
    fits in 63 bits, and from a three-key sort past that: both give the order of the tuples themselves."""
    import numpy

    nlp = build_nlp(Registry())
    terms = nlp.get_pipe(TERMS)
    for i in range(30):
        terms.add(f"phrase:p{i:02d}", [f"word{i}"])
    terms.flush()
    rng = numpy.random.default_rng(4)
    keys = rng.integers(0, len(terms._key_names), 3000)
    for scale in (1, 1 << 40):  # (past 2**63 / keys, the three-key sort)
        starts = rng.integers(0, 50, 3000).astype(numpy.int64) * scale
        ends = starts + rng.integers(1, 4, 3000).astype(numpy.int64) * scale
        got = terms._sorted(starts, ends, keys, terms._context_by).rows()
        names = terms._key_names
        assert got == sorted(zip(starts.tolist(), ends.tolist(), (names[k] for k in keys.tolist())))
