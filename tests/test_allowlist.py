"""The allowlist compares addresses exactly (issue 30, finding 7): different mailboxes never become one, and a
value that is not an address is never a verified e-mail. Each case is an attack that signed in before (NFKC and
case folding made the attacker's mailbox the listed one; a subject sent as the e-mail matched a "sub:" entry)."""

from __future__ import annotations

import pytest

from ui.access import address_key, role_of

ROLES = {
    "senate": ["ff@sk.test", "strasse@sk.test", "kim@sk.test"],
    "analyst": ["sub:k-1", "Anna@Stat.TEST"],
    "district": {"b@x.test": "Altona"},
}


def verified(email: object, subject: str = "mallory") -> dict:
    return {"sub": subject, "email": email, "email_verified": True}


@pytest.mark.parametrize(
    "attacker",
    [
        "ｂ@x.test",  # full-width b (U+FF42): NFKC made it b@x.test
        "b@ｘ.test",  # full-width x in the domain
        "ﬀ@sk.test",  # the ligature ff (U+FB00): NFKC made it ff@sk.test
        "straße@sk.test",  # ß: case folding made it strasse@sk.test
        "STRASSE@sk.test",  # another local part: case folding made it strasse@sk.test
        "\u212aim@sk.test",  # the Kelvin sign K (U+212A): NFKC and case folding made it kim@sk.test
        "anna@stat.test",  # the listed Anna@… has a capital local part: another mailbox
        " b@x.test",  # spaces around: not an address (they were trimmed)
        "b@x.test ",
        "sub:k-1",  # a subject reported as the e-mail: it matched the entry "sub:k-1"
        "b@x.test@evil.test",
        "b",
        "",
        None,
        ["b@x.test"],
    ],
)
def test_a_mailbox_that_is_not_the_listed_one_gets_no_role(attacker):
    assert role_of(verified(attacker), ROLES) is None


def test_the_listed_mailboxes_get_their_roles_with_the_domain_in_any_case():
    assert role_of(verified("b@x.test"), ROLES) == ("district", "Altona")
    assert role_of(verified("b@X.Test"), ROLES) == ("district", "Altona")  # the domain: ASCII case only
    assert role_of(verified("straße@sk.test"), {"senate": ["straße@SK.test"]}) == ("senate", None)  # as listed
    assert role_of(verified("Anna@stat.test"), ROLES) == ("analyst", None)
    assert role_of(verified("ff@sk.test"), ROLES) == ("senate", None)
    assert role_of({"sub": "k-1"}, ROLES) == ("analyst", None)  # the subject itself still counts


def test_address_key_changes_nothing_but_the_case_of_the_domains_ascii_letters():
    assert address_key("Anna.Lena+x@Stat.Hamburg.DE") == "Anna.Lena+x@stat.hamburg.de"
    assert address_key("ｂ@x.test") == "ｂ@x.test"  # kept as it is: compared with nothing it is not
    assert address_key("a@xn--mller-kva.DE") == "a@xn--mller-kva.de"  # an international domain, xn-- form
    for not_an_address in ("sub:k-1", "a b@x.test", '"a"@x.test', "a@x..test", "a@-x.test", "a@x.test.", "a@müller.de"):
        assert address_key(not_an_address) is None, not_an_address


def test_a_subject_entry_never_matches_an_address_and_an_address_entry_never_a_subject():
    # a provider subject that looks like an address is still a subject, and the other way round
    assert role_of({"sub": "b@x.test"}, ROLES) is None
    assert role_of(verified("k-1@x.test", subject="x"), {"analyst": ["sub:k-1@x.test"]}) is None
