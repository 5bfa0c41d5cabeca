import json
import re

from fastapi.testclient import TestClient

from app import __version__
from app.config import Settings
from app.conversations.labels import all_labels
from app.db import SessionFactory
from app.main import create_app
from app.pwa.shell import SHELL_PAGES, STATIC_DIR, shell_version


def _sw_constant(source: str, name: str) -> object:
    match = re.search(rf"const {name} = (.*);", source)
    assert match, name
    return json.loads(match.group(1))


def test_service_worker_keeps_only_the_versioned_data_free_shell(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    source = response.text
    cache = _sw_constant(source, "CACHE")
    assert isinstance(cache, str)
    assert cache.startswith(f"ot-shell-{__version__}-")
    assert cache == f"ot-shell-{shell_version()}"
    shell = _sw_constant(source, "SHELL")
    assert isinstance(shell, list)
    pages = [url for url in shell if not url.startswith("/static/")]
    assert pages == [*SHELL_PAGES, "/manifest.webmanifest", "/labels.json"]
    assert not any(url.startswith("/api/") for url in shell)
    assert 'if (request.method !== "GET") return;' in source
    assert 'if (url.pathname.startsWith("/api/")) return;' in source
    for url in shell:
        assert client.get(url).status_code == 200, url


def test_manifest_makes_a_dutch_installable_app(client: TestClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["lang"] == "nl"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_phone_gets_its_words_from_the_servers_one_list(client: TestClient) -> None:
    """Kinds, phases and statuses are named once (app/conversations/labels.py): the phone's
    scripts read them from /labels.json and hold no list of their own."""
    served = client.get("/labels.json").json()
    assert served == all_labels()
    assert served["discovery_kind"]["exchange"] == "Buurteconomie"
    english = client.get("/labels.json", headers={"Accept-Language": "en"}).json()
    assert english["discovery_kind"]["quality"] == "Quality"
    for script in (STATIC_DIR / "js").rglob("*.js"):
        source = script.read_text()
        for group in ("discovery_kind", "conversation_kind", "idea_phase", "connection_status"):
            for word in served[group].values():
                assert f'"{word}"' not in source, (script.name, word)


def test_offline_page_is_honest_and_free_of_data(client: TestClient) -> None:
    response = client.get("/offline")
    assert response.status_code == 200
    assert "Deze pagina heeft internet nodig" in response.text
    assert client.get("/favicon.ico").headers["content-type"] == "image/png"


def test_a_new_build_is_a_new_service_worker(
    settings: Settings, session_factory: SessionFactory
) -> None:
    """Phones notice an update by a changed sw.js: the version follows the shell's files and
    the deployment's build id."""
    app = create_app(
        settings.model_copy(update={"build_id": "abc123"}), session_factory=session_factory
    )
    with TestClient(app) as other:
        source = other.get("/sw.js").text
    assert _sw_constant(source, "CACHE") == f"ot-shell-{shell_version()}-abc123"
    assert shell_version("abc123") != shell_version()
