"""Model choice, the actor ruler's place in the pipeline, and chunking of long texts (analysis/nlp.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import nlp as kit_nlp


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


def test_actor_ruler_runs_before_the_statistical_ner(nlp):
    names = nlp.pipe_names
    assert names.index(kit_nlp.RULER_NAME) < names.index("ner")


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
