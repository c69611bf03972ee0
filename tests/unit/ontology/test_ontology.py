"""The ontology is readable in Korean and English, and the code names only its terms.

Also: docs/data-format.md documents every field an analyst can write.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from alliancekg.config import home
from alliancekg.ontology.model import model
from alliancekg.ontology.vocab import AKG, ONTOLOGY_IRI
from tests.paths import FIXTURES, ROOT

DATA_FORMAT_DOC = ROOT / "docs" / "data-format.md"


def ontology() -> Graph:
    return Graph().parse(home().ontology_file, format="turtle")


ONTOLOGY = ontology()
CLASSES = sorted(
    {c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    | {d for d in ONTOLOGY.subjects(RDF.type, RDFS.Datatype) if isinstance(d, URIRef)}
)
# Properties: those the ontology declares, and the reused ones (skos:prefLabel,
# org:member, ...) that it gives a seed key to.
PROPERTIES = sorted(
    {
        p
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in ONTOLOGY.subjects(RDF.type, t)
        if isinstance(p, URIRef)
    }
    | {p for p in ONTOLOGY.subjects(RDFS.range, None) if isinstance(p, URIRef)}
)
VOCABULARY_VALUES = sorted(
    v
    for cls in ONTOLOGY.subjects(AKG.vocabulary, Literal(True))
    for v in ONTOLOGY.subjects(RDF.type, cls)
    if isinstance(v, URIRef)
)


def short(term: URIRef) -> str:
    return ONTOLOGY.namespace_manager.normalizeUri(term)


def languages(g: Graph, s: URIRef, p: URIRef) -> list[str | None]:
    return sorted((o.language for o in g.objects(s, p) if isinstance(o, Literal)), key=str)


def test_the_ontology_declares_what_the_code_relies_on() -> None:
    assert len(CLASSES) >= 25
    assert len(PROPERTIES) >= 60
    assert len(VOCABULARY_VALUES) == 19


@pytest.mark.parametrize("term", CLASSES + PROPERTIES, ids=short)
def test_term_has_korean_and_english_label_and_comment(term: URIRef) -> None:
    assert languages(ONTOLOGY, term, RDFS.label) == ["en", "ko"]
    assert languages(ONTOLOGY, term, RDFS.comment) == ["en", "ko"]


@pytest.mark.parametrize("value", VOCABULARY_VALUES, ids=short)
def test_vocabulary_value_has_labels_a_definition_and_a_seed_key(value: URIRef) -> None:
    assert languages(ONTOLOGY, value, SKOS.prefLabel) == ["en", "ko"]
    assert languages(ONTOLOGY, value, RDFS.label) == ["en", "ko"]
    assert languages(ONTOLOGY, value, SKOS.definition) == ["en", "ko"]
    assert ONTOLOGY.value(value, AKG.key) is not None


def test_the_ontology_has_a_version_and_labels() -> None:
    (onto,) = ONTOLOGY.subjects(RDF.type, OWL.Ontology)
    assert isinstance(onto, URIRef)
    assert ONTOLOGY.value(onto, OWL.versionInfo) is not None
    assert languages(ONTOLOGY, onto, RDFS.label) == ["en", "ko"]


# --------------------------------------------------------------------------- the AKG namespace


def akg_terms(g: Graph) -> set[URIRef]:
    return {
        t
        for triple in g
        for t in triple
        if isinstance(t, URIRef) and t.startswith(ONTOLOGY_IRI) and t != URIRef(ONTOLOGY_IRI)
    }


def python_terms() -> set[URIRef]:
    return {AKG[name] for name in AKG.__annotations__}


def test_every_akg_term_of_the_ontology_is_in_the_python_namespace() -> None:
    missing = {short(t) for t in akg_terms(ONTOLOGY) - python_terms()}
    assert missing == set()


def test_every_term_of_the_python_namespace_is_declared_in_the_ontology() -> None:
    declared = {s for s in ONTOLOGY.subjects() if isinstance(s, URIRef)}
    assert {str(t) for t in python_terms() - declared} == set()


def test_shapes_use_only_terms_the_ontology_declares() -> None:
    """A typo such as akg:curatorJudgement in a shape would silently never match."""
    shapes = Graph().parse(home().shapes_file, format="turtle")
    declared = {s for s in ONTOLOGY.subjects() if isinstance(s, URIRef)}
    assert {str(t) for t in akg_terms(shapes) - declared} == set()
    # SPARQL constraints name terms inside strings; check those too.
    in_queries = {
        URIRef(ONTOLOGY_IRI + name)
        for query in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#select"))
        for name in re.findall(r"\bakg:(\w+)", str(query))
    }
    assert in_queries
    assert {str(t) for t in in_queries - declared} == set()


def test_a_typo_in_a_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = AKG.Aliance


# --------------------------------------------------------------------------- the seed format doc


def seed_fields() -> dict[str, set[str]]:
    """Section -> the fields an analyst may write in it (``sources`` is filled in)."""
    m = model()
    out: dict[str, set[str]] = {}
    for cls in m.classes.values():
        if cls.section is None:
            continue
        derived = {k for k, p in cls.props.items() if p.derived}
        fields = set(cls.props) - {"sources"} - derived
        for sub in m.kinds(cls).values():
            fields |= set(sub.props) - {"sources"} - derived
        if m.kinds(cls):
            fields.add("kind")
        if not cls.is_relationship:
            fields.add("id")
        out[cls.section] = fields
    source = m.classes[AKG.Source]
    out["source"] = {"id", "kind"}
    for cls in (source, *m.kinds(source).values()):
        out["source"] |= set(cls.props) - {"sources"}
    return out


def doc_sections() -> dict[str, str]:
    """The text of docs/data-format.md under each ``### `section` `` heading."""
    text = DATA_FORMAT_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z_]+)`.*$", text, flags=re.M)
    bodies = [body.split("\n## ", 1)[0] for body in parts[2::2]]
    return dict(zip(parts[1::2], bodies, strict=True))


def test_the_data_format_doc_has_a_section_for_each_seed_section() -> None:
    assert set(doc_sections()) == set(seed_fields())


@pytest.mark.parametrize("section", sorted(seed_fields()))
def test_the_data_format_doc_lists_every_field_of_a_section(section: str) -> None:
    """Every field the ontology gives the section is in its table, and nothing else is."""
    table = doc_sections()[section]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))
    assert documented == seed_fields()[section]


def test_the_data_format_doc_lists_every_kind_and_vocabulary_value() -> None:
    text = DATA_FORMAT_DOC.read_text(encoding="utf-8")
    m = model()
    keys = {c.kind for c in m.classes.values() if c.kind is not None}
    keys |= {k for values in m.vocab.values() for k in values}
    assert {k for k in keys if f"`{k}`" not in text} == set()


def test_the_data_format_doc_shows_the_valid_example_as_it_is() -> None:
    """The example on the page is the fixture that test_validation.py validates."""
    text = DATA_FORMAT_DOC.read_text(encoding="utf-8")
    example = text.split("## A small complete example", 1)[1]
    blocks = re.findall(r"^```(\w+)\n(.*?)^```$", example, flags=re.M | re.S)
    fixture = FIXTURES / "valid" / "minimal"
    assert blocks[0] == (
        "text",
        (fixture / "texts" / "example-article.txt").read_text(encoding="utf-8"),
    )
    assert blocks[1] == ("yaml", (fixture / "example.yaml").read_text(encoding="utf-8"))


def test_every_text_in_the_shapes_takes_the_languages_the_ontology_declares() -> None:
    """akg:languages is what the API's node models list (name_ko, name_en, ...); the
    shapes must allow exactly those languages on every language-tagged field."""
    shapes = Graph().parse(home().shapes_file, format="turtle")
    languages = model().languages
    assert languages[:2] == ("ko", "en")
    text_shapes = set(shapes.subjects(SH.datatype, RDF.langString))
    assert text_shapes
    for shape in text_shapes:
        listed = shapes.value(shape, SH.languageIn)
        assert listed is not None, f"{shapes.value(shape, SH.path)} takes any language"
        assert tuple(str(x) for x in Collection(shapes, listed)) == languages
