from chalicelib.store.keys import grant_id_for


def test_grant_id_is_stable_and_scoped():
    assert grant_id_for("pycon", "alice") == grant_id_for("pycon", "alice")
    assert grant_id_for("pycon", "alice") != grant_id_for("pycon", "bob")
    assert grant_id_for("pycon", "alice") != grant_id_for("other", "alice")
    assert grant_id_for("pycon", "alice").isalnum()
