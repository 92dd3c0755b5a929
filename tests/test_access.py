"""Access control: who may write (and read) when the server is reachable from other machines."""

from __future__ import annotations

import re

import pytest

ARTICLE = {"text": "Militants fired rockets at Erbil airport on Tuesday, wounding two guards.", "published": "2023-05-10"}
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.7"}  # a documentation address: a client on another machine


def count(client, **kw) -> int:
    return client.get("/layers", **kw).get_json()[0]["count"]


def test_default_loopback_clients_may_write(client):
    assert client.post("/api/articles", json=ARTICLE).status_code == 201


def test_default_other_machines_may_read_but_not_write(client):
    r = client.post("/api/articles", json=ARTICLE, environ_base=ELSEWHERE)
    assert r.status_code == 403 and "INCIDENT_MAP_API_TOKEN" in r.get_json()["error"]
    assert client.get("/layers/all.geojson", environ_base=ELSEWHERE).status_code == 200
    assert count(client) == 0


@pytest.fixture
def guarded(app):
    app.config["API_TOKEN"] = "s3cret-token"
    return app.test_client()


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer nope"}, 403),
                                             ({"Authorization": "Basic czNjcmV0"}, 401)])
def test_with_a_token_writes_without_it_fail_and_change_nothing(guarded, headers, status):
    r = guarded.post("/api/articles", json=ARTICLE, headers=headers)
    assert r.status_code == status and r.get_json()["error"]
    assert count(guarded) == 0


def test_with_the_token_writes_work_from_anywhere(guarded):
    r = guarded.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer s3cret-token"},
                     environ_base=ELSEWHERE)
    assert r.status_code == 201 and count(guarded) == 1


def page_csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)


def test_web_form_needs_a_login_and_a_csrf_token(guarded):
    form = {"text": ARTICLE["text"], "published": "2023-05-10"}
    assert guarded.post("/", data={**form, "csrf_token": page_csrf(guarded)}).status_code == 401
    bad = guarded.post("/login", data={"token": "wrong", "csrf_token": page_csrf(guarded)})
    assert bad.status_code == 401 and "not the token" in bad.get_data(as_text=True)
    ok = guarded.post("/login", data={"token": "s3cret-token", "csrf_token": page_csrf(guarded)})
    assert ok.status_code == 302
    assert guarded.post("/", data=form).status_code == 400  # no CSRF token: refused
    html = guarded.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert guarded.post("/", data={**form, "csrf_token": token}).status_code == 303
    assert count(guarded) == 1


def test_reads_can_require_the_token(guarded, app):
    app.config["READS_NEED_TOKEN"] = True
    assert guarded.get("/layers/all.geojson").status_code == 401
    assert guarded.get("/layers/all.geojson", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    page = guarded.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert guarded.get("/healthz").status_code == 200


def test_login_redirect_stays_on_this_site(guarded):
    r = guarded.post("/login?next=//evil.example/", data={"token": "s3cret-token", "csrf_token": page_csrf(guarded)})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_every_write_needs_the_token_and_changes_nothing_without_it(guarded):
    token = {"Authorization": "Bearer s3cret-token"}
    created = guarded.post("/api/articles", json=ARTICLE, headers=token).get_json()
    incident = created["incidents"][0]["id"]
    layer = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}
    import io
    import json

    writes = [  # (method, url, a function giving the request's arguments: an upload can be sent once)
        ("patch", f"/api/incidents/{incident}", lambda: {"json": {"fatalities": 3}}),
        ("post", f"/api/incidents/{incident}/reject", dict),
        ("delete", f"/api/articles/{created['article_id']}", dict),
        ("post", "/api/comparison-layers", lambda: {
            "data": {"file": (io.BytesIO(json.dumps(layer).encode()), "l.geojson")}, "content_type": "multipart/form-data"}),
    ]
    before = guarded.get(f"/api/incidents/{incident}").get_json()
    for method, url, kwargs in writes:
        for headers, status in (({}, 401), ({"Authorization": "Bearer nope"}, 403)):
            r = getattr(guarded, method)(url, headers=headers, **kwargs())
            assert r.status_code == status, (method, url, r.get_json())
    assert guarded.get(f"/api/incidents/{incident}").get_json() == before
    assert guarded.get("/layers/compare").get_json() == []
    # with the token each works, and the correction records how the writer got in
    r = guarded.patch(f"/api/incidents/{incident}", json={"fatalities": 3, "who": "Sam"}, headers=token)
    assert r.get_json()["corrections"][0]["who"] == "Sam (token)"


def test_forms_for_imports_need_a_csrf_token(client):
    import io

    data = {"file": (io.BytesIO(b'{"type": "FeatureCollection", "features": []}'), "l.geojson")}
    r = client.post("/layers/compare", data=data, content_type="multipart/form-data")
    assert r.status_code == 400 and "form has expired" in r.get_data(as_text=True)
