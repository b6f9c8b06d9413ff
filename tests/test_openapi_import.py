"""``python -m devportal new document --openapi SPEC``: whole real specs become documents that build without
a warning (tests/roots/test-openapi-import/specs: public OpenAPI documents, see its README.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from .conftest import build, copy_root, read_html, warnings_of

SETS = {
    "three-oh": ["petstore-3.0.yaml", "uspto-3.0.yaml", "callbacks-3.0.yaml", "file-uploads-3.0.yaml"],
    "three-one": ["petstore-3.1.yaml", "webhooks-3.1.yaml"],  # the same Petstore methods: its own portal
}


def import_all(root, names):
    for name in names:
        run = subprocess.run([sys.executable, "-m", "devportal", "new", "document", "--section", "apis",
                              "--openapi", str(root / "specs" / name), "--docs", str(root)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    return root


@pytest.fixture(scope="module", params=list(SETS))
def imported(request, tmp_path_factory):
    root = import_all(copy_root("openapi-import", tmp_path_factory.mktemp(request.param)), SETS[request.param])
    return build(root, freshenv=True)


def test_real_specs_import_and_build_without_a_warning(imported):
    assert warnings_of(imported) == ""


def test_one_method_page_per_operation_titled_from_the_spec(tmp_path):
    root = import_all(copy_root("openapi-import", tmp_path), ["petstore-3.0.yaml"])
    spec = yaml.safe_load((root / "specs" / "petstore-3.0.yaml").read_text())
    operations = [op for item in spec["paths"].values() for method, op in item.items()
                  if method in ("get", "put", "post", "delete", "patch", "options", "head")]
    folder = root / "apis" / "swagger-petstore"
    pages = sorted(p.name for p in (folder / "methods").glob("*.md") if p.name != "index.md")
    assert len(pages) == len(operations)
    assert "add-a-new-pet-to-the-store.md" in pages  # from `summary`
    assert (folder / "openapi.yaml").read_bytes() == (root / "specs" / "petstore-3.0.yaml").read_bytes()
    page = (folder / "methods" / "add-a-new-pet-to-the-store.md").read_text()
    assert ":openapi: ../openapi.yaml#addPet" in page and page.startswith("---\nsummary:")
    overview = (folder / "index.md").read_text()
    assert overview.splitlines()[3] == "# Swagger Petstore"
    # grouped by tag, in the spec's tag order
    methods = (folder / "methods" / "index.md").read_text()
    assert [line for line in methods.splitlines() if line.startswith("## ")] == ["## pet", "## store", "## user"]


def test_title_falls_back_to_operation_id_then_method_and_path(tmp_path):
    root = copy_root("openapi-import", tmp_path)
    spec = root / "specs" / "bare.yaml"
    spec.write_text(yaml.safe_dump({
        "openapi": "3.0.3", "info": {"title": "Bare API", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "OK"}}},
                              "delete": {"responses": {"default": {"description": "Any error"}}}}}}))
    import_all(root, ["bare.yaml"])
    names = sorted(p.stem for p in (root / "apis" / "bare-api" / "methods").glob("*.md"))
    assert names == ["delete-things", "index", "listthings"]
    assert (root / "apis" / "bare-api" / "methods" / "delete-things.md").read_text().splitlines()[4] == \
        "# DELETE /things"
    app = build(root, freshenv=True)
    assert warnings_of(app) == ""
    codes = read_html(app, "apis/bare-api/methods/delete-things").select(".portal-api-codes tbody tr")
    assert [" ".join(r.get_text().split()) for r in codes] == ["Any other status Any error"]


def test_webhooks_and_callbacks_are_listed_on_the_overview(tmp_path):
    root = import_all(copy_root("openapi-import", tmp_path), ["webhooks-3.1.yaml", "callbacks-3.0.yaml"])
    webhooks = (root / "apis" / "webhook-example" / "index.md").read_text()
    callbacks = (root / "apis" / "callback-example" / "index.md").read_text()
    assert "## Callbacks and webhooks" in webhooks and "- Webhook `newPet`: POST" in webhooks
    assert "## Callbacks and webhooks" in callbacks and "`onData`" in callbacks


def test_form_and_binary_bodies_are_named_not_warned(imported):
    if "three-oh" not in str(imported.srcdir):
        pytest.skip("the 3.0 set holds the form and binary bodies")
    html = read_html(imported, "apis/swagger-petstore/methods/updates-a-pet-in-the-store-with-form-data")
    note = html.select_one(".portal-api-request .admonition.note").get_text(" ", strip=True)
    assert "application/x-www-form-urlencoded" in note
    assert [c.get_text() for c in html.select(".portal-api-request code.portal-api-name")][-2:] == ["name", "status"]
    upload = read_html(imported, "apis/file-uploading-support/methods/image-png-uploads")
    assert upload.select_one(".portal-api-request .admonition.note").get_text(" ", strip=True).endswith(
        "The body is image/png data.")


def test_an_existing_document_is_not_overwritten(tmp_path):
    root = import_all(copy_root("openapi-import", tmp_path), ["callbacks-3.0.yaml"])
    run = subprocess.run([sys.executable, "-m", "devportal", "new", "document", "--section", "apis", "--openapi",
                          str(root / "specs" / "callbacks-3.0.yaml"), "--docs", str(root)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "refusing to overwrite" in run.stderr
