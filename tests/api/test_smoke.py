def test_health(api):
    r = api.get("/health")
    assert r.status == 200 and r.body == {"status": "ok"}


def test_conference_roundtrip(api, conference):
    r = api.get(f"/conferences/{conference}")
    assert r.status == 200
    assert r.body["slug"] == conference
