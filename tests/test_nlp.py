"""Model choice, the actor ruler's place in the pipeline, and chunking of long texts (analysis/nlp.py)."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import nlp as kit_nlp
from analysis import parsed
from conftest import SEED


def test_override_naming_a_missing_model_says_how_to_install_one(monkeypatch):
    monkeypatch.setenv(kit_nlp.MODEL_ENV, "no_such_pipeline_xyz")
    with pytest.raises(kit_nlp.ModelNotFoundError, match="requirements.txt"):
        kit_nlp.model_name()


def test_no_model_installed_says_how_to_install_one(monkeypatch):
    monkeypatch.delenv(kit_nlp.MODEL_ENV, raising=False)
    monkeypatch.setattr(kit_nlp, "_installed", lambda name: False)
    with pytest.raises(kit_nlp.ModelNotFoundError, match="make install"):
        kit_nlp.model_name()


def test_official_model_is_preferred(monkeypatch):
    monkeypatch.delenv(kit_nlp.MODEL_ENV, raising=False)
    monkeypatch.setattr(kit_nlp, "_installed", lambda name: True)
    assert kit_nlp.model_name() == "en_core_web_sm"


def test_actor_ruler_runs_after_the_statistical_ner_and_its_names_are_merged(nlp):
    # the NER sees the text unconstrained, so a longer name around a known one ("British Airways") can win
    names = nlp.pipe_names
    assert names.index("ner") < names.index(kit_nlp.RULER_NAME) < names.index("knowledge_names")


def test_ruler_spans_survive_the_ner(nlp):
    doc = nlp("Militants of the Islamic State-Khorasan attacked the town.")
    assert [(entity.text, entity.ent_id_) for entity in doc.ents if entity.ent_id_] == [("Islamic State-Khorasan", "isis_k")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .\n")), max_size=400), st.integers(min_value=5, max_value=60))
def test_chunks_cover_the_text_in_order(text, max_chars):
    pieces = list(kit_nlp.chunk_text(text, max_chars=max_chars))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= max_chars for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)


def test_chunks_prefer_paragraph_breaks():
    text = "one two three.\n\nfour five six seven."
    assert [piece for _, piece in kit_nlp.chunk_text(text, max_chars=20)][0] == "one two three.\n\n"


# ─── Deferred lemmas and fast sentences (analysis/parsed.py) ──────────────────────────────


def test_the_lemmatizer_is_deferred_not_dropped(nlp):
    assert "lemmatizer" not in nlp.pipe_names and "lemmatizer" in nlp.component_names
    doc = nlp("The troops invaded the country.")
    assert doc[2].lemma == 0  # nothing lemmatized until asked
    assert [parsed.lemma(token) for token in doc] == ["the", "troop", "invade", "the", "country", "."]


def test_deferred_lemmas_equal_the_full_pipelines(nlp):
    """Every token's lemma on demand equals what the trained pipeline's own lemmatizer writes."""
    text = SEED.read_text(encoding="utf-8")
    trained = kit_nlp.add_paragraph_breaks(spacy.load(kit_nlp.model_name()))
    assert "lemmatizer" in trained.pipe_names
    eager = [token.lemma_ for token in trained(text)]
    lazy = [parsed.lemma(token) for token in nlp(text)]
    assert lazy == eager and len(set(eager)) > 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Russia met Iran.", "No", "\n\n", "The U.N. said so!", " ", "Why?", "“Yes.”", "ok"]), max_size=12))
def test_fast_sentences_equal_doc_sents(nlp, pieces):
    doc = nlp("".join(pieces))
    assert [(span.start, span.end) for span in parsed.sentences(doc)] == [(span.start, span.end) for span in doc.sents]


def test_model_fingerprint_names_the_loaded_pipeline_without_loading_it(nlp):
    assert kit_nlp.model_fingerprint() == f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def test_a_text_without_sentence_ends_is_cut_at_pauses_within_the_cap():
    import spacy

    from analysis.nlp import MAX_SENTENCE_TOKENS, cap_sentence_length

    blank = spacy.blank("en")
    doc = blank(" ".join(["the envoys of Chad, Mali and Niger talked"] * 100))
    cap_sentence_length(doc)
    starts = [token.i for token in doc if token.is_sent_start]
    lengths = [end - start for start, end in zip(starts, [*starts[1:], len(doc)])]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert all(doc[start - 1].text == "," for start in starts[1:])  # cut after a pause, not inside a phrase


def test_sentences_with_ends_are_left_to_the_parser():
    import spacy

    from analysis.nlp import cap_sentence_length

    doc = spacy.blank("en")(" ".join(["Kenya met Somalia."] * 400))
    cap_sentence_length(doc)
    assert [token.i for token in doc if token.is_sent_start] == [0]


def test_batches_hold_a_bounded_amount_of_text():
    from analysis.pipeline import MAX_BATCH_CHARS, _batches

    pieces = [("x" * 90_000, number) for number in range(7)] + [("short", 7), ("short", 8)]
    batches = list(_batches(pieces, batch_size=16))
    assert [item for batch in batches for item in batch] == pieces  # nothing lost, order kept
    assert all(sum(len(text) for text, _ in batch) <= MAX_BATCH_CHARS for batch in batches)
    assert [len(batch) for batch in _batches([("a", n) for n in range(40)], batch_size=16)] == [16, 16, 8]
