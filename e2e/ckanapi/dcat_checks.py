"""The catalog's DCAT-AP 3 documents read by rdflib and validated with pyshacl.

Run by e2e/ckanapi/run with PADU_CKAN_URL (the catalog, e.g. http://127.0.0.1:PORT/data/
kabupaten-trenggalek) against `padu serve --demo`. Checks: each of catalog.ttl, .jsonld and
.xml parses and conforms to e2e/ckanapi/dcat-ap-3-shapes.ttl; the three forms are one graph
(isomorphic, once the Hydra page, whose links name its own format, is set aside); a harvester following hydra:nextPage sees every public dataset once, as many as
package_search counts; one dataset's own document conforms and describes that dataset. Each
check prints one line; the last line is the total.
"""

import json
import os
import sys
import traceback
import urllib.request
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

URL = os.environ["PADU_CKAN_URL"]
SHAPES = Graph().parse(Path(__file__).with_name("dcat-ap-3-shapes.ttl"), format="turtle")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "xml": "xml"}
results = []


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read().decode("utf-8"), r.headers.get("content-type", "")


def graph(url, fmt):
    text, _ = fetch(url)
    return Graph().parse(data=text, format=fmt)


def conforms(g, what):
    ok, _, report = validate(g, shacl_graph=SHAPES, inference="rdfs", abort_on_first=False)
    assert ok, f"{what} does not conform:\n{report}"


def check(name):
    def run(fn):
        try:
            detail = fn()
            results.append(True)
            print(f"ok   {name}{': ' + detail if detail else ''}")
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            results.append(False)
            print(f"FAIL {name}\n{traceback.format_exc()}")
        return fn

    return run


graphs = {}


@check("catalog.ttl, .jsonld and .xml parse and conform to the DCAT-AP 3 shapes")
def _():
    for ext, fmt in FORMATS.items():
        g = graph(f"{URL}/catalog.{ext}", fmt)
        conforms(g, f"catalog.{ext}")
        graphs[ext] = g
    n = len(list(graphs["ttl"].subjects(RDF.type, DCAT.Dataset)))
    assert n > 0, "the demo catalog describes no dataset"
    return f"{len(graphs['ttl'])} triples, {n} datasets"


def without_paging(g):
    """The graph without its Hydra page, whose links name the page's own format."""
    out = Graph()
    pages = set(g.subjects(RDF.type, HYDRA.PagedCollection))
    assert len(pages) == 1, f"{len(pages)} hydra:PagedCollection"
    for t in g:
        if t[0] not in pages:
            out.add(t)
    return out


@check("the three forms are one graph (but for the paging links to their own format)")
def _():
    ttl = without_paging(graphs["ttl"])
    assert isomorphic(ttl, without_paging(graphs["jsonld"])), "Turtle and JSON-LD differ"
    assert isomorphic(ttl, without_paging(graphs["xml"])), "Turtle and RDF/XML differ"
    return f"{len(ttl)} triples each"


@check("a harvester following hydra:nextPage sees every public dataset once")
def _():
    seen, page, pages = [], f"{URL}/catalog.ttl?page=1", 0
    total = None
    while page and pages < 50:
        g = graph(page, "turtle")
        pages += 1
        seen += [str(d) for d in g.subjects(RDF.type, DCAT.Dataset)]
        node = URIRef(page)
        total = int(g.value(node, HYDRA.totalItems))
        nxt = g.value(node, HYDRA.nextPage)
        page = str(nxt) if nxt else None
    assert len(seen) == len(set(seen)), "a dataset was seen twice"
    assert len(seen) == total, f"{len(seen)} seen, totalItems {total}"
    text, _ = fetch(f"{URL}/api/3/action/package_search?rows=0")
    count = json.loads(text)["result"]["count"]
    assert count == total, f"package_search counts {count}, DCAT {total}"
    return f"{total} datasets over {pages} page(s)"


@check("one dataset's document conforms and describes it")
def _():
    text, _ = fetch(f"{URL}/api/3/action/package_search?rows=1")
    name = json.loads(text)["result"]["results"][0]["name"]
    for ext, fmt in FORMATS.items():
        g = graph(f"{URL}/dataset/{name}.{ext}", fmt)
        conforms(g, f"dataset/{name}.{ext}")
        datasets = list(g.subjects(RDF.type, DCAT.Dataset))
        assert datasets == [URIRef(f"{URL}/dataset/{name}")], datasets
        assert g.value(datasets[0], DCT.title) is not None
    return name


passed = sum(results)
failed = len(results) - passed
print(f"dcat: {passed} passed, {failed} failed, 0 skipped")
sys.exit(1 if failed else 0)
