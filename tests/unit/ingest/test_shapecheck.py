"""The load path without rdflib: validation compiled from the shapes, and the property
graph mapped from the records' plain statements.

pySHACL is the reference for the compiled shapes: on the invalid fixtures and on a few
hundred random mutations of valid graphs both give the same results (focus node,
path, value, constraint component, message). The RDF path is the reference for the
plain statements and the property graph: built from the same records, both are equal.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from alliancekg.exc import InvalidData
from alliancekg.ingest.build import build_graph
from alliancekg.ingest.reader import read_seeds
from alliancekg.ingest.records import SeedSet
from alliancekg.ingest.shacl import shacl_results
from alliancekg.ingest.shapecheck import CompiledShapes, Prepared, Unsupported, graph_validate
from alliancekg.ingest.synth import Scale, generate
from alliancekg.ingest.triples import seed_subjects
from alliancekg.ingest.validation import (
    check_seeds,
    evidence_problems,
    shacl_problems,
    shapes_graph,
    validate_seeds,
)
from alliancekg.ontology.model import model
from alliancekg.ontology.vocab import AKG
from alliancekg.rdf.mapping import plain_property_graph, to_property_graph
from alliancekg.rdf.plain import graph_subjects
from alliancekg.rdf.propertygraph import PropertyGraph
from tests.paths import FIXTURES, SEEDS

VALID = [
    SEEDS,
    FIXTURES / "valid" / "minimal",
    FIXTURES / "analysis",
    FIXTURES / "groups",
    FIXTURES / "rejoin",
    FIXTURES / "tables" / "example",
    FIXTURES / "identity" / "two-sources",
]


@pytest.fixture(scope="module")
def compiled() -> CompiledShapes:
    return CompiledShapes(shapes_graph(), model().graph)


def reference(g: Graph) -> set[tuple[object, ...]]:
    """pySHACL, one plain run over the whole graph."""
    return {
        tuple(r)
        for r in shacl_results(g, shapes_graph(), model().graph, batch_size=None, flatten=False)
    }


def compiled_results(compiled: CompiledShapes, g: Graph) -> set[tuple[object, ...]]:
    return {tuple(r) for r in graph_validate(compiled, g)}


def mutate(g: Graph, rng: random.Random) -> Graph:
    """One to three random faults of the kinds the shapes check, and some they do not."""
    out = Graph()
    out += g
    triples = sorted(g, key=str)
    nodes = sorted({s for s, _, _ in triples if isinstance(s, URIRef)}, key=str)
    objects: list[Node] = sorted({o for _, _, o in triples}, key=str)
    preds = sorted({p for _, p, _ in triples}, key=str)
    datatypes = [XSD.string, XSD.gYear, XSD.gYearMonth, XSD.date, XSD.integer, XSD.boolean]
    datatypes += [XSD.decimal, AKG.RelativeDate]
    for _ in range(rng.randint(1, 3)):
        s, p, o = rng.choice(triples)
        kind = rng.randrange(12)
        if kind == 0:
            out.remove((s, p, o))  # a required value missing
        elif kind == 1:
            out.add((s, p, rng.choice(objects)))  # one value too many, or of a wrong kind
        elif kind == 2 and isinstance(o, Literal):
            out.remove((s, p, o))
            out.add((s, p, Literal(str(o), datatype=rng.choice(datatypes))))
        elif kind == 3 and isinstance(o, Literal):
            out.remove((s, p, o))
            out.add((s, p, Literal(str(o), lang=rng.choice(["xx", "ko", "en", "EN", "en-US"]))))
        elif kind == 4:
            out.remove((s, p, o))
            out.add((s, p, rng.choice(nodes)))  # a reference to a node of another class
        elif kind == 5:
            out.remove((s, p, o))
            out.add((s, p, URIRef("https://example.org/nothing")))
        elif kind == 6:
            out.remove((s, RDF.type, None))
        elif kind == 7:
            lexical = rng.choice(["20x4", "", "2024-13", "2024-02-30", "abc", " "])
            out.add((s, p, Literal(lexical, datatype=rng.choice(datatypes))))  # ill-typed
        elif kind == 8:
            out.remove((s, AKG.basis, None))
            basis = rng.choice(["inferred", "stated", "curatorJudgment", "lead"])
            out.add((s, AKG.basis, AKG[basis]))
        elif kind == 9:
            out.add((s, rng.choice(preds), BNode()))
        elif kind == 10:
            lexical = rng.choice(["1999", "2030-01", "x", "Y-1"])
            datatype = rng.choice([XSD.gYear, XSD.gYearMonth, AKG.RelativeDate])
            out.add((s, rng.choice(preds), Literal(lexical, datatype=datatype, normalize=False)))
        else:
            out.add((s, rng.choice(preds), rng.choice(objects)))
    return out


@pytest.mark.parametrize(
    ("fixture", "runs"), [(FIXTURES / "valid" / "minimal", 170), (FIXTURES / "rejoin", 40)]
)
def test_random_mutations_give_pyshacls_results(
    compiled: CompiledShapes, fixture: Path, runs: int
) -> None:
    m = model()
    g = build_graph(read_seeds([fixture], m), m=m)
    rng = random.Random(fixture.name)
    invalid = 0
    for run in range(runs):
        mutated = mutate(g, rng)
        want = reference(mutated)
        assert compiled_results(compiled, mutated) == want, (fixture.name, run)
        invalid += bool(want)
    assert invalid >= runs // 2  # the mutations do break the shapes


def test_the_shipped_seeds_mutated_give_pyshacls_results(compiled: CompiledShapes) -> None:
    m = model()
    g = build_graph(read_seeds([SEEDS], m), m=m)
    rng = random.Random(7)
    for run in range(4):
        mutated = mutate(g, rng)
        assert compiled_results(compiled, mutated) == reference(mutated), run


def test_many_alike_subjects_mutated_give_pyshacls_results(
    compiled: CompiledShapes, tmp_path: Path
) -> None:
    # Hundreds of memberships and firms that look alike to the checks: most are judged
    # by the memo of subjects that conformed, and the faults must still be found.
    generate(Scale(companies=60, alliances=6, memberships=300), tmp_path)
    m = model()
    g = build_graph(read_seeds([tmp_path], m), m=m)
    rng = random.Random(300)
    invalid = 0
    for run in range(6):
        mutated = mutate(g, rng)
        want = reference(mutated)
        assert compiled_results(compiled, mutated) == want, run
        invalid += bool(want)
    assert invalid >= 3


_TEXT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; %s .
"""
_TEXT_DATA = """
@prefix ex: <http://example.org/> .
ex:x a ex:Place . ex:y a ex:Place .
ex:t1 a ex:Thing ; ex:at ex:x ; ex:code "ab" .
ex:t2 a ex:Thing ; ex:at ex:x ; ex:code "ac" .
ex:t3 a ex:Thing ; ex:at ex:y ; ex:code "z" .
ex:u4 a ex:Thing ; ex:at ex:x ; ex:code "ad" .
"""


@pytest.mark.parametrize(
    ("shape", "failing"),
    [
        # the verdict depends on which IRI, not on its types: ex:x and ex:y look alike
        ("sh:property [ sh:path ex:at ; sh:in ( ex:x ) ]", {"t3"}),
        ("sh:property [ sh:path ex:at ; sh:hasValue ex:x ]", {"t3"}),
        ('sh:property [ sh:path ex:at ; sh:pattern "/x$" ]', {"t3"}),
        (
            "sh:property [ sh:path ex:at ; sh:or ( [ sh:class ex:Nothing ] [ sh:in ( ex:x ) ] ) ]",
            {"t3"},
        ),
        ("sh:property [ sh:path ex:at ; sh:node [ sh:in ( ex:x ) ] ]", {"t3"}),
        # a literal's lexical form, not only its datatype and language
        ('sh:property [ sh:path ex:code ; sh:pattern "^a" ]', {"t3"}),
        ("sh:property [ sh:path ex:code ; sh:minLength 2 ]", {"t3"}),
        ('sh:property [ sh:path ex:code ; sh:in ( "ab" "ac" ) ]', {"t3", "u4"}),
        # on the focus node itself: every subject is checked
        ('sh:pattern "/t[0-9]$"', {"u4"}),
        ("sh:or ( [ sh:in ( ex:t1 ex:t2 ) ] [ sh:class ex:Nothing ] )", {"t3", "u4"}),
    ],
)
def test_checks_that_read_an_iris_text_are_not_skipped_for_alike_subjects(
    shape: str, failing: set[str]
) -> None:
    shapes = Graph().parse(data=_TEXT_SHAPES % shape, format="turtle")
    data = Graph().parse(data=_TEXT_DATA, format="turtle")
    compiled = CompiledShapes(shapes)
    # in the order of their names, a subject that conforms before its failing twin, and
    # each subject's statements in one order (as the load path gives them)
    subjects = sorted((s, dict(sorted(st.items()))) for s, st in graph_subjects([data]))
    types = {s: {t for t in st.get(str(RDF.type), []) if isinstance(t, str)} for s, st in subjects}
    found = {tuple(r) for r in compiled.validate(types, subjects)}
    compiled.memo = False  # every subject checked in full
    assert found == {tuple(r) for r in compiled.validate(types, subjects)}
    assert {str(r[0]).rsplit("/", 1)[1] for r in found} == failing
    assert shacl_results(data, shapes, None, batch_size=None, flatten=False)  # pySHACL agrees


def test_invalid_fixtures_give_the_same_problems_as_pyshacl() -> None:
    m = model()
    checked = 0
    for case in sorted((FIXTURES / "invalid").iterdir()):
        try:
            seeds = read_seeds([case], m)
        except InvalidData:
            continue  # found before the shapes
        g = build_graph(seeds, m=m)
        want = evidence_problems(seeds) + shacl_problems(
            g, m, seeds.by_id(), batch_size=None, flatten=False
        )
        with pytest.raises(InvalidData) as e:
            check_seeds(seeds, m)
        assert sorted(e.value.problems, key=repr) == sorted(want, key=repr), case.name
        checked += 1
    assert checked >= 5


def test_a_reference_the_mapping_refuses_is_reported_as_the_shapes_see_it() -> None:
    """A membership whose member is missing cannot become a relationship; the load
    reports the shapes' problem (file, entry, field), not a mapping error."""
    m = model()
    seeds = read_seeds([FIXTURES / "valid" / "minimal"], m)
    membership = next(r for r in seeds.records if r.cls.local_name == "Membership")
    del membership.values["member"]
    with pytest.raises(InvalidData) as e:
        check_seeds(SeedSet(seeds.records, seeds.files), m)
    [problem] = e.value.problems
    assert problem.field == "member" and problem.file == membership.file
    assert "member must name exactly one organization" in problem.message


def norm(pg: PropertyGraph) -> tuple[object, ...]:
    nodes = {k: (n.cls.iri, n.labels, n.props) for k, n in pg.nodes.items()}
    return nodes, {k: r.props for k, r in pg.rels.items()}


def sorted_statements(subjects: list[tuple[str, dict[str, list[object]]]]) -> dict[str, object]:
    return {s: {p: sorted(map(repr, o)) for p, o in st.items()} for s, st in subjects}


def assert_same_as_rdf_path(seeds: SeedSet) -> None:
    m = model()
    g = build_graph(seeds, m=m)
    plain = list(seed_subjects(seeds, m))
    assert sorted_statements(plain) == sorted_statements(graph_subjects([g]))  # type: ignore[arg-type]
    assert sum(len(o) for _, st in plain for o in st.values()) == len(g)
    assert norm(plain_property_graph(plain, m=m)) == norm(to_property_graph(g, m=m))


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.name)
def test_records_map_to_the_rdf_paths_statements_and_property_graph(fixture: Path) -> None:
    assert_same_as_rdf_path(read_seeds([fixture], model()))


def test_generated_seeds_map_to_the_rdf_paths_property_graph(tmp_path: Path) -> None:
    generate(Scale(companies=300, alliances=12, memberships=1500), tmp_path)
    assert_same_as_rdf_path(read_seeds([tmp_path, SEEDS], model()))


def test_validated_seeds_hold_the_property_graph_and_build_rdf_on_demand() -> None:
    v = validate_seeds([SEEDS])
    assert v.triples == len(v.graph)
    assert norm(v.property_graph) == norm(to_property_graph(v.graph))


@pytest.mark.parametrize(
    "shape",
    [
        "sh:property [ sh:path ( ex:a ex:b ) ; sh:minCount 1 ]",
        "sh:property [ sh:path [ sh:inversePath ex:a ] ; sh:maxCount 1 ]",
        "sh:closed true",
        "sh:property [ sh:path ex:a ; sh:lessThan ex:b ]",
        "sh:property [ sh:path ex:a ; sh:node [ sh:property [ sh:path ex:b ; sh:minCount 1 ] ] ]",
    ],
)
def test_shapes_it_cannot_compile_are_refused(shape: str) -> None:
    text = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; {shape} .
"""
    with pytest.raises(Unsupported):
        CompiledShapes(Graph().parse(data=text, format="turtle"))


_CHECK = """
import json, sys
from pathlib import Path
from alliancekg.exc import InvalidData
from alliancekg.ingest.validation import validate_seeds
try:
    validate_seeds([Path(sys.argv[1])])
    problems = []
except InvalidData as e:
    problems = [p.message for p in e.problems]
print(json.dumps({
    "problems": problems,
    "pyshacl": "pyshacl" in sys.modules,
    "sparql": "rdflib.plugins.sparql" in sys.modules,
}))
"""


def _check(fixture: Path, cache: str) -> dict[str, object]:
    env = {**os.environ, "ALLIANCEKG_CACHE_DIR": cache}
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, str(fixture)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_process_that_finds_the_kept_parts_needs_neither_pyshacl_nor_sparql(
    tmp_path: Path,
) -> None:
    """The date-order fixture is caught by a SPARQL constraint, run with the kept parts."""
    fixture = FIXTURES / "invalid" / "left-before-joined"
    cache = tmp_path / "cache"
    first = _check(fixture, str(cache))
    assert first["problems"] == ["left is before joined"]
    assert first["pyshacl"] and first["sparql"]  # worked out, then kept
    (kept,) = cache.glob("shapes-*.json")
    again = _check(fixture, str(cache))
    assert again == {**first, "pyshacl": False, "sparql": False}

    kept.write_text("{not json")  # a damaged file is worked out again and replaced
    assert _check(fixture, str(cache)) == first
    assert _check(fixture, str(cache)) == again

    blocked = tmp_path / "a-file"
    blocked.write_text("")  # the folder cannot be made: nothing kept, the same answer
    assert _check(fixture, str(blocked / "cache")) == first
    assert _check(fixture, "") == first  # set empty: nothing kept


def test_the_kept_parts_name_the_shapes_they_come_from(tmp_path: Path) -> None:
    """Edited shapes find no kept parts of the old ones."""
    home = tmp_path / "home"
    shutil.copytree(SEEDS.parent / "ontology", home / "ontology")
    cache = tmp_path / "cache"
    env = {**os.environ, "ALLIANCEKG_CACHE_DIR": str(cache), "ALLIANCEKG_HOME": str(home)}
    code = "from alliancekg.ingest.validation import compiled_shapes; compiled_shapes()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    (before,) = cache.glob("shapes-*.json")
    shapes = home / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text().replace("left is before joined", "left before joined"))
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert {p.name for p in cache.glob("shapes-*.json")} > {before.name}


def test_prepared_parts_survive_json(compiled: CompiledShapes) -> None:
    prepared = compiled.prepared
    assert prepared.mixin and prepared.reads
    assert Prepared.from_json(json.loads(json.dumps(prepared.to_json()))) == prepared
    with pytest.raises(ValueError, match="not prepared shapes"):
        Prepared.from_json({"reads": []})
