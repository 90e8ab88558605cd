"""The real ckanapi (command line and RemoteCKAN) against Padu's CKAN-compatible Action API.

Run by e2e/ckanapi/run with PADU_CKAN_URL (the catalog, e.g. http://127.0.0.1:PORT/data/
kabupaten-trenggalek), PADU_CKAN_TOKEN (an API token of the demo walidata) and PADU_CKAN_WORK
(a scratch directory). Each check prints one line; the last line is the total.
"""

import json
import os
import subprocess
import sys
import traceback

import ckanapi

URL = os.environ["PADU_CKAN_URL"]
TOKEN = os.environ["PADU_CKAN_TOKEN"]
WORK = os.environ["PADU_CKAN_WORK"]

anonymous = ckanapi.RemoteCKAN(URL, user_agent="padu-e2e")
walidata = ckanapi.RemoteCKAN(URL, apikey=TOKEN, user_agent="padu-e2e")
results = []


def cli(*args):
    """Runs the ckanapi command line against the catalog and returns its standard output."""
    done = subprocess.run(
        ["ckanapi", *args, "-r", URL],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"ckanapi {' '.join(args)}: {done.returncode}\n{done.stderr}"
    return done.stdout


def check(name):
    def run(fn):
        try:
            detail = fn()
            results.append(True)
            print(f"ok   {name}" + (f": {detail}" if detail else ""))
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            results.append(False)
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
        return fn

    return run


@check("ckanapi action status_show")
def _():
    status = json.loads(cli("action", "status_show"))
    assert status["ckan_version"].startswith("2."), status
    return f"ckan_version {status['ckan_version']}"


@check("ckanapi action package_list")
def _():
    names = json.loads(cli("action", "package_list"))
    assert isinstance(names, list) and len(names) >= 5, names
    assert names == sorted(names), names
    return f"{len(names)} public datasets"


@check("ckanapi action package_show (by name, then by id)")
def _():
    name = json.loads(cli("action", "package_list"))[0]
    pkg = json.loads(cli("action", "package_show", f"id={name}"))
    assert pkg["name"] == name and pkg["state"] == "active" and not pkg["private"], pkg
    assert pkg["organization"]["name"] and pkg["num_resources"] == len(pkg["resources"]), pkg
    again = json.loads(cli("action", "package_show", f"id={pkg['id']}"))
    assert again["name"] == name
    # GET, as ckanapi -g sends it
    got = json.loads(cli("action", "package_show", f"id={name}", "-g"))
    assert got["id"] == pkg["id"]
    return f"{name}: {pkg['title']} ({pkg['organization']['title']})"


@check("ckanapi action package_search with facets")
def _():
    res = json.loads(
        cli("action", "package_search", "q=penduduk", 'facet.field:["organization","tags"]', "rows:0")
    )
    assert res["count"] >= 1 and res["results"] == [], res
    items = res["search_facets"]["organization"]["items"]
    assert items and all(i["count"] >= 1 for i in items), res
    return f"count {res['count']}, organizations {[i['name'] for i in items]}"


@check("ckanapi search datasets q=...")
def _():
    lines = [json.loads(x) for x in cli("search", "datasets", "q=penduduk").splitlines() if x]
    def text(p):
        return " ".join([p["title"], p["notes"], p["name"], *(t["name"] for t in p["tags"])]).lower()

    assert lines and all("penduduk" in text(p) for p in lines), lines
    everything = [json.loads(x) for x in cli("search", "datasets", "q=*:*").splitlines() if x]
    ids = [p["id"] for p in everything]
    assert len(ids) == len(set(ids)), "no duplicate ids across pages"
    count = anonymous.action.package_search(rows=0)["count"]
    assert len(ids) == count, (len(ids), count)
    return f"{len(lines)} for q=penduduk, {len(ids)} for q=*:* (= count)"


@check("ckanapi dump datasets --all")
def _():
    out = os.path.join(WORK, "datasets.jsonl")
    cli("dump", "datasets", "--all", "-O", out, "-p", "2", "-q")
    with open(out, encoding="utf-8") as f:
        dumped = [json.loads(x) for x in f if x.strip()]
    names = anonymous.action.package_list()
    assert sorted(p["name"] for p in dumped) == sorted(names), (len(dumped), len(names))
    assert all(p["resources"] is not None for p in dumped)
    return f"{len(dumped)} datasets"


@check("RemoteCKAN organization_list, group_list, tag_list, license_list, resource_show")
def _():
    orgs = anonymous.action.organization_list(all_fields=True)
    assert orgs and all("package_count" in o for o in orgs), orgs
    assert anonymous.action.group_list(), "groups"
    assert anonymous.action.tag_list(), "tags"
    assert any(lic["id"] == "CC-BY-4.0" for lic in anonymous.action.license_list())
    name = anonymous.action.package_list()[0]
    res = anonymous.action.package_show(id=name)["resources"][0]
    shown = anonymous.action.resource_show(id=res["id"])
    assert shown["url"] == res["url"] and shown["url"].startswith("http"), shown
    return f"{len(orgs)} organizations"


@check("RemoteCKAN package_create with the walidata's token: a draft, not public")
def _():
    org = next(o for o in anonymous.action.organization_list(all_fields=True) if o["package_count"])
    made = walidata.action.package_create(
        name="jumlah-posyandu-aktif-2025",
        title="Jumlah Posyandu Aktif 2025",
        notes="Data demo: posyandu aktif per kecamatan, dari ckanapi.",
        owner_org=org["name"],
        license_id="CC-BY-4.0",
        tags=[{"name": "kesehatan"}],
        extras=[{"key": "sumber", "value": "ckanapi e2e"}],
        resources=[{"url": "https://data.trenggalekkab.example/posyandu-2025.csv", "name": "Posyandu 2025"}],
    )
    assert made["state"] == "draft" and made["status"] == "draft", made
    assert made["owner_org"] == org["id"] and made["num_resources"] == 1, made
    assert "jumlah-posyandu-aktif-2025" not in anonymous.action.package_list()
    try:
        anonymous.action.package_show(id=made["id"])
        raise AssertionError("a draft is public")
    except ckanapi.NotFound:
        pass
    patched = walidata.action.package_patch(id=made["id"], notes="Diperbarui lewat package_patch.")
    assert patched["notes"] == "Diperbarui lewat package_patch." and patched["num_tags"] == 1
    res = walidata.action.resource_create(
        package_id=made["name"], url="https://data.trenggalekkab.example/posyandu-2025.json"
    )
    assert res["format"] == "JSON", res
    return f"{made['name']} as {made['state']} of {org['title']}"


@check("RemoteCKAN resource_create with a CSV upload, datastore_search, datastore_info, a new version")
def _():
    org = walidata.action.organization_list(all_fields=True)[0]
    made = walidata.action.package_create(
        name="e2e-kunjungan-puskesmas",
        title="Kunjungan Puskesmas per Kecamatan (data demo)",
        owner_org=org["name"],
        license_id="CC-BY-4.0",
    )
    path = os.path.join(WORK, "kunjungan.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("kecamatan;tahun;kunjungan;rasio\n")
        f.write("Panggul;2025;1204;1,5\nMunjungan;2025;987;0,9\nPanggul;2024;1100;1,2\n")
        f.write("Watulimo;2025;baris;rusak;lebih\n")
    with open(path, "rb") as upload:
        res = walidata.action.resource_create(package_id=made["id"], name="Kunjungan", upload=upload)
    assert res["datastore_active"] is True and res["format"] == "CSV", res
    report = res["datastore_report"]
    assert report["rows"] == 3 and [p["row"] for p in report["problems"]] == [5], report
    found = walidata.action.datastore_search(
        resource_id=res["id"], filters={"kecamatan": "Panggul"}, sort="tahun asc"
    )
    assert found["total"] == 2, found
    assert [r["tahun"] for r in found["records"]] == [2024, 2025], found["records"]
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types == {"_id": "int", "kecamatan": "text", "tahun": "int", "kunjungan": "int",
                     "rasio": "numeric"}, types
    assert found["_links"]["next"].endswith("offset=100"), found["_links"]
    info = walidata.action.datastore_info(id=res["id"])
    assert info["meta"]["count"] == 3, info
    try:
        anonymous.action.datastore_search(resource_id=res["id"])
        raise AssertionError("a draft's table is public")
    except ckanapi.NotFound:
        pass
    with open(path, "rb") as upload:
        again = walidata.action.resource_update(id=res["id"], upload=upload)
    assert again["datastore_version"] == 2, again
    return f"{report['rows']} rows, {len(report['problems'])} problem, version {again['datastore_version']}"


@check("RemoteCKAN raises NotFound, ValidationError, NotAuthorized, CKANAPIError")
def _():
    try:
        anonymous.action.package_show(id="dataset-yang-tidak-ada")
        raise AssertionError("no NotFound")
    except ckanapi.NotFound:
        pass
    try:
        anonymous.action.resource_show()
        raise AssertionError("no ValidationError")
    except ckanapi.ValidationError as e:
        assert e.error_dict["id"] == ["Missing value"], e.error_dict
    try:
        walidata.action.package_create(name="Nama Tidak Sah", title="x")
        raise AssertionError("no ValidationError")
    except ckanapi.ValidationError as e:
        assert "name" in e.error_dict, e.error_dict
    try:
        anonymous.action.package_create(name="tanpa-token", title="Tanpa token")
        raise AssertionError("no NotAuthorized")
    except ckanapi.NotAuthorized:
        pass
    try:
        anonymous.action.package_search(warna="merah")
        raise AssertionError("no SearchQueryError")
    except ckanapi.SearchQueryError:
        pass
    try:
        anonymous.call_action("aksi_tidak_dikenal")
        raise AssertionError("no CKANAPIError")
    except ckanapi.CKANAPIError as e:
        assert not isinstance(e, (ckanapi.NotFound, ckanapi.ValidationError)), e
    return "NotFound, ValidationError, NotAuthorized, SearchQueryError, CKANAPIError"


passed = results.count(True)
failed = results.count(False)
print(f"ckanapi: {passed} passed, {failed} failed, 0 skipped")
sys.exit(1 if failed else 0)
