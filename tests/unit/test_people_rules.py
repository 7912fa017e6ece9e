"""How the people directory compares names and addresses, and its keys' bounds."""

from chalicelib.domain.people import normalised
from chalicelib.store.keys import PERSON_KEY_CHARS, person_email_sk, person_name_sk


def test_names_are_compared_without_case_accents_or_extra_spaces():
    assert normalised("  José   Ñúñez ") == "jose nunez"
    assert normalised("ÅSA Straße") == "asa strasse"
    assert normalised("ＡＤＡ") == "ada"  # full-width letters fold too
    assert normalised("") == ""


def test_directory_keys_stay_bounded_and_start_with_the_typed_prefix():
    long = "a" * 2000
    assert len(person_name_sk(long, long)) < 1024 and len(person_email_sk(long, long)) < 1024
    assert person_name_sk("jose nunez", "sub-1").endswith("jose nunez#sub-1")
    assert person_name_sk(long, "s").count("a") == PERSON_KEY_CHARS
