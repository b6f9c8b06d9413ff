"""Every request sample of every method in docs/ works: run as a reader runs it, against a mock server.

The portal in docs/ is built once. For each method, the samples are taken from the built HTML (what a
reader copies) and run unchanged — curl in bash, Python with this interpreter (``requests``,
``requests-oauthlib``), JavaScript under Node (``fetch``; ``oauth-1.0a`` from node_modules) — with the
environment variables the samples read set to test values. Only one thing is changed: the mock server
speaks plain HTTP on 127.0.0.1, so ``https://`` becomes ``http://`` (and a fixed host such as
``api.liveperson.net`` becomes the mock's address). Each method gets its own path prefix on the mock
(``DOMAIN=127.0.0.1:PORT/m7``), so all samples run at once and each request is traced to its method.

The server records what it receives; the test then asserts the method, path, query, the documented
headers (a valid bearer token or a valid OAuth 1.0 signature for the test keys) and the JSON body
are exactly what the block documents.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from devportal.core import apispec, samples

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NODE_MODULES = ROOT / "node_modules"
CONSUMER = ("test-app-key", "test-app-secret")
RESOURCE_OWNER = ("test-access-token", "test-access-token-secret")
LANGUAGES = ("curl", "python", "javascript")


@pytest.fixture(scope="module")
def portal(docs_portal):
    return docs_portal


class MockServer:
    """Records every request by its first path segment (the sample's prefix); answers 200 with ``{}``."""

    def __init__(self):
        self.received: dict[str, list[dict]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                prefix, _, rest = self.path.lstrip("/").partition("/")
                server.received.setdefault(prefix, []).append({
                    "method": self.command, "target": "/" + rest, "headers": dict(self.headers.items()),
                    "body": body, "url": f"http://{self.headers.get('Host')}{self.path}"})
                reply = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _any

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.timer = threading.Timer(300, self.httpd.shutdown)  # stops by itself if a test hangs
        self.timer.daemon = True

    def __enter__(self):
        self.thread.start()
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()


def method_samples(portal) -> list[tuple[apispec.MethodEntry, dict[str, str]]]:
    """Each method of docs/ with its samples as shown on its page (language key -> code)."""
    found = []
    tab_sets: dict[str, list] = {}
    for entry in portal.env.get_domain("api").entries():
        if entry.request is None:
            continue
        if entry.docname not in tab_sets:
            html = (Path(portal.outdir) / f"{entry.docname}.html").read_text(encoding="utf-8")
            # parse from each sample set on, not the whole page (the theme's markup is most of it)
            starts = [m.start() for m in re.finditer(r'<div class="[^"]*\bportal-api-samples\b', html)]
            tab_sets[entry.docname] = [BeautifulSoup(html[start:], "html.parser").div for start in starts]
        assert tab_sets[entry.docname], f"{entry.docname}: no request samples"
        tabs = tab_sets[entry.docname].pop(0)  # methods of a page come in reading order
        codes = {}
        for label in tabs.select("label.sd-tab-label"):
            content = label.find_next_sibling(class_="sd-tab-content")
            codes[label["data-sync-id"]] = content.select_one("pre").get_text()
        found.append((entry, codes))
    return found


def test_every_method_page_has_curl_python_and_javascript_samples(portal):
    methods = method_samples(portal)
    assert len(methods) >= 58
    for entry, codes in methods:
        assert list(codes)[:3] == ["curl", "python", "javascript"], entry.docname


def test_samples_send_exactly_what_the_block_documents(portal):
    methods = method_samples(portal)
    jobs = []
    with MockServer() as server, tempfile.TemporaryDirectory() as tmp:
        for index, (entry, codes) in enumerate(methods):
            spec = entry.request
            literal_host = _literal_host(spec.url)
            for language, code in codes.items():
                if language not in LANGUAGES:
                    continue
                prefix = f"m{index}-{language}"  # each sample's requests are told apart by this path prefix
                assert spec is not None
                env, expected = sample_values(spec, f"{server.address}/{prefix}", index)
                code = code.replace("https://", "http://")
                if literal_host:
                    code = code.replace(literal_host, f"http://{server.address}/{prefix}")
                if language == "curl" and "OAUTH_HEADER" in code:
                    env["OAUTH_HEADER"] = _oauth_header(expected)
                path = Path(tmp) / f"{prefix}.{ {'curl': 'sh', 'python': 'py'}.get(language, 'js') }"
                path.write_text(code, encoding="utf-8")
                jobs.append((entry, language, prefix, path, env, expected))

        results = run_all(jobs, Path(tmp))

    failures = []
    for (entry, language, prefix, _path, _env, expected), (status, stdout, stderr) in zip(jobs, results, strict=True):
        where = f"{entry.docname} ({language})"
        # Python and JavaScript print the status; curl exits 0 once it has a response
        if status != 0 or (language != "curl" and not stdout.startswith("200")):
            failures.append(f"{where}: exit {status}\n{stdout[-300:]}{stderr[-1200:]}")
            continue
        received = server.received.get(prefix, [])
        if len(received) != 1:
            failures.append(f"{where}: the mock server received {len(received)} requests, not 1")
            continue
        failures += [f"{where}: {problem}" for problem in _differences(received[0], expected)]
    assert not failures, "\n".join(failures)


#: runs every Python sample in one interpreter (os.environ set per sample), as `python sample.py` would
PYTHON_DRIVER = """
import contextlib, io, json, os, runpy, sys, traceback
results = []
for job in json.load(open(sys.argv[1])):
    os.environ.clear()
    os.environ.update(job["env"])
    out, err, code = io.StringIO(), io.StringIO(), 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            runpy.run_path(job["path"], run_name="__main__")
    except BaseException:
        code, err = 1, io.StringIO(traceback.format_exc())
    results.append([code, out.getvalue(), err.getvalue()])
json.dump(results, open(sys.argv[2], "w"))
"""

#: runs every JavaScript sample in one Node process, one after the other: process.env set per sample,
#: the sample's fetch() and its .then() awaited before the next one starts
NODE_DRIVER = """
const fs = require("node:fs");
const Module = require("node:module");
const jobs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const realFetch = globalThis.fetch;
(async () => {
  const results = [];
  for (const job of jobs) {
    process.env = { ...job.env };
    const pending = [];
    globalThis.fetch = (...args) => { const p = realFetch(...args); pending.push(p); return p; };
    const out = [];
    const log = console.log;
    console.log = (...args) => out.push(args.join(" "));
    let code = 0, err = "";
    try {
      const sample = new Module(job.path, module);
      sample.filename = job.path;
      sample.paths = Module._nodeModulePaths(process.env.NODE_PATH || "");
      sample.paths.unshift(process.env.NODE_PATH);
      sample._compile(fs.readFileSync(job.path, "utf8"), job.path);
      await Promise.allSettled(pending);
      for (let i = 0; i < 20 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    } catch (e) { code = 1; err = String(e && e.stack || e); }
    console.log = log;
    results.push([code, out.join(" "), err]);
  }
  fs.writeFileSync(process.argv[3], JSON.stringify(results));
})();
"""


def run_all(jobs: list, tmp: Path) -> list[tuple[int, str, str]]:
    """(exit code, stdout, stderr) per job: curl samples as their own processes, in parallel; all Python
    samples in one interpreter and all JavaScript samples in one Node process, alongside."""
    def batch(language: str, driver: str, command: list[str]) -> dict[int, tuple[int, str, str]]:
        chosen = [i for i, job in enumerate(jobs) if job[1] == language]
        (tmp / f"{language}-jobs.json").write_text(json.dumps([{"path": str(jobs[i][3]), "env": jobs[i][4]}
                                                               for i in chosen]))
        script = tmp / f"driver-{language}"
        script.write_text(driver)
        done = subprocess.run([*command, str(script), str(tmp / f"{language}-jobs.json"),
                               str(tmp / f"{language}-results.json")], capture_output=True, text=True, timeout=300,
                              env=jobs[chosen[0]][4] if chosen else None)
        if done.returncode != 0:
            return {i: (done.returncode, done.stdout, done.stderr) for i in chosen}
        return dict(zip(chosen, map(tuple, json.loads((tmp / f"{language}-results.json").read_text())), strict=True))

    def curl(i: int) -> tuple[int, tuple[int, str, str]]:
        done = subprocess.run(["bash", str(jobs[i][3])], env=jobs[i][4], capture_output=True, text=True,
                              timeout=60, cwd=tmp)
        return i, (done.returncode, done.stdout, done.stderr)

    results: dict[int, tuple[int, str, str]] = {}
    with ThreadPoolExecutor(max_workers=6) as pool:
        python = pool.submit(batch, "python", PYTHON_DRIVER, [sys.executable])
        node = pool.submit(batch, "javascript", NODE_DRIVER, ["node"])
        results.update(pool.map(curl, [i for i, job in enumerate(jobs) if job[1] == "curl"]))
        results.update(python.result())
        results.update(node.result())
    return [results[i] for i in range(len(jobs))]


def sample_values(spec: apispec.RequestSpec, mock: str, index: int) -> tuple[dict[str, str], dict]:
    """Environment variables for the samples, and the request the block documents with those values."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(NODE_PATH=str(NODE_MODULES), NO_PROXY="*", PYTHONDONTWRITEBYTECODE="1")
    url = spec.url
    if url.startswith("/"):
        url = "https://{domain}" + url
    elif "://" not in url:
        url = "https://" + url
    host_part = url.split("://", 1)[1].split("/", 1)[0]
    values = {}
    for name in apispec.PLACEHOLDER_RE.findall(url):
        values[name] = mock if "{" + name + "}" in host_part else f"{name}-{index}"
        env[samples.env_name(name)] = values[name]
    path = url.split("://", 1)[1][len(host_part):].split("?", 1)[0]
    path = apispec.PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], path)
    query = []
    for item in spec.query:
        if "." in item.name or "[" in item.name:
            continue
        if item.default is not None:
            query.append((item.name, item.default))
        elif item.required:
            value = f"{item.name}-value-{index}"
            env[samples.env_name(item.name)] = value
            query.append((item.name, value))
    headers = {}
    has_body = spec.example is not None and spec.example.valid and spec.method not in ("GET", "HEAD")
    for item in spec.headers:
        name = item.name.lower()
        if name == "authorization" or not item.required:
            continue
        if name in ("content-type", "accept"):
            if name == "content-type" and not has_body:
                continue
            headers[name] = "application/json"
        elif item.default is not None:
            headers[name] = item.default
        else:
            headers[name] = env[samples.env_name(item.name)] = f"{name}-value-{index}"
    if has_body:
        headers["content-type"] = "application/json"
    schemes = samples.auth_schemes(spec)
    auth = schemes[0] if schemes else ""
    env.update(TOKEN=f"token-{index}", APP_KEY=CONSUMER[0], APP_SECRET=CONSUMER[1],
               ACCESS_TOKEN=RESOURCE_OWNER[0], ACCESS_TOKEN_SECRET=RESOURCE_OWNER[1])
    if auth == "bearer":
        headers["authorization"] = f"Bearer token-{index}"
    return env, {"method": spec.method, "path": path, "query": query, "headers": headers, "auth": auth,
                 "body": spec.example.data if has_body else None, "has_body": has_body, "mock": mock}


def _differences(request: dict, expected: dict) -> list[str]:
    problems = []
    if request["method"] != expected["method"]:
        problems.append(f"method {request['method']}, documented {expected['method']}")
    target = urlsplit(request["target"])
    if target.path != expected["path"]:
        problems.append(f"path {target.path!r}, documented {expected['path']!r}")
    query = parse_qsl(target.query, keep_blank_values=True)
    if sorted(query) != sorted(expected["query"]):
        problems.append(f"query {query}, documented {expected['query']}")
    headers = {k.lower(): v for k, v in request["headers"].items()}
    for name, value in expected["headers"].items():
        if headers.get(name) != value:
            problems.append(f"header {name}: {headers.get(name)!r}, documented {value!r}")
    if expected["auth"] == "oauth1" and not _valid_oauth1(request):
        problems.append(f"the OAuth 1.0 signature does not verify: {headers.get('authorization')!r}")
    if expected["auth"] == "" and "authorization" in headers:
        problems.append("sends an Authorization header the block does not document")
    if expected["has_body"]:
        try:
            body = json.loads(request["body"] or b"null")
        except ValueError:
            body = request["body"]
        if body != expected["body"]:
            problems.append(f"body {body!r}, documented {expected['body']!r}")
    elif request["body"]:
        problems.append(f"sends a body the block does not document: {request['body'][:80]!r}")
    return problems


def _valid_oauth1(request: dict) -> bool:
    from oauthlib.common import Request
    from oauthlib.oauth1.rfc5849 import signature, utils

    header = request["headers"].get("Authorization") or request["headers"].get("authorization") or ""
    if not header.startswith("OAuth "):
        return False
    oauth = dict(utils.parse_authorization_header(header))
    if oauth.get("oauth_consumer_key") != CONSUMER[0] or oauth.get("oauth_token") != RESOURCE_OWNER[0]:
        return False
    check = Request(request["url"], request["method"], None, {"Authorization": header})
    check.params = signature.collect_parameters(uri_query=urlsplit(request["url"]).query,
                                                headers={"Authorization": header})
    check.signature = utils.unescape(oauth.get("oauth_signature", ""))
    return signature.verify_hmac_sha1(check, CONSUMER[1], RESOURCE_OWNER[1])


def _oauth_header(expected: dict) -> str:
    """What a reader would export for the curl sample: the header signed for the exact request."""
    from urllib.parse import urlencode

    from oauthlib.oauth1 import Client

    url = f"http://{expected['mock']}{expected['path']}"
    if expected["query"]:
        url += "?" + urlencode(expected["query"])
    client = Client(CONSUMER[0], CONSUMER[1], RESOURCE_OWNER[0], RESOURCE_OWNER[1])
    _uri, headers, _body = client.sign(url, expected["method"])
    return headers["Authorization"]


def _literal_host(url: str) -> str:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/{}]+)(/|$)", url)
    return match.group(1) if match else ""


@pytest.mark.skipif(shutil.which("node") is None or not (NODE_MODULES / "oauth-1.0a").is_dir(),
                    reason="Node or node_modules/oauth-1.0a missing (npm install)")
def test_node_and_oauth_library_present():
    """The JavaScript samples need Node 18+ (fetch) and the oauth-1.0a package."""
    out = subprocess.run(["node", "-e", "console.log(typeof fetch, require('oauth-1.0a').name)"],
                         capture_output=True, text=True, env=dict(os.environ, NODE_PATH=str(NODE_MODULES)))
    assert out.stdout.split()[0] == "function"


def test_placeholders_become_the_same_variables_in_every_language():
    spec, _ = apispec.parse_request("PUT /api/account/{accountId}/users/{userId}", (
        "headers:\n  Authorization: required — OAuth 1.0 header signed with an API key, or a Bearer token.\n"
        "  If-Match: required — Revision.\n  X-Optional: Not sent.\n"
        "path:\n  accountId: string, required — Account.\n  userId: long, required — User.\n"
        "query:\n  v: number, required, default 2.0 — Version.\n  sid: string, required — Session.\n"
        "  select: string — Not sent.\n"))
    assert [samples.env_name(n) for n in ("accountId", "If-Match", "dataAccessHost")] == [
        "ACCOUNT_ID", "IF_MATCH", "DATA_ACCESS_HOST"]
    assert samples.auth_schemes(spec) == ["oauth1", "bearer"]  # in the order the header names them
    request = samples.request_of(spec)
    assert request.variables == ["DOMAIN", "ACCOUNT_ID", "USER_ID", "SID", "APP_KEY", "APP_SECRET",
                                 "ACCESS_TOKEN", "ACCESS_TOKEN_SECRET", "IF_MATCH"]
    curl, python, javascript = (s.code for s in samples.samples(spec))
    assert '--url "https://${DOMAIN}/api/account/${ACCOUNT_ID}/users/${USER_ID}?v=2.0&sid=${SID}"' in curl
    assert '--header "If-Match: ${IF_MATCH}"' in curl and "X-Optional" not in curl and "select" not in curl
    assert 'params={"v": "2.0", "sid": SID}' in python and "auth=auth" in python
    assert "?v=2.0&sid=${encodeURIComponent(SID)}`" in javascript
