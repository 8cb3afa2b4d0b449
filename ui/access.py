"""Who may see what: optional sign-in with OpenID Connect (st.login) and roles from an allowlist.

Configured in .streamlit/secrets.toml (see .streamlit/secrets.toml.example): the [auth] section switches
sign-in on; [roles] lists who has which role. Roles:

- senate:   every page; no row-level data (visit rows, quarantined rows).
- district: every page; "who came" for the stops of its own district only; no row-level data.
- analyst:  everything, with the visit rows to download and the quarantine.

Anyone signed in but not on the allowlist sees nothing and can download nothing. Without [auth] the dashboard
has no sign-in, serves this computer only (the server must listen on localhost) and says so on every page;
the local user then has every right (an operator who holds the warehouse file anyway).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from dataclasses import dataclass

import streamlit as st

from ui import formats
from ui.text import t

ROLES = ("senate", "district", "analyst")
LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def is_local_host(host: str | None) -> bool:
    """Whether a request's Host header names this computer (localhost, 127.0.0.1 or [::1], with any port).

    Without sign-in the dashboard answers only such requests: a page from another site that makes the browser
    resolve its own name to 127.0.0.1 (DNS rebinding) sends its own name as Host and gets nothing."""
    if not host:
        return False
    name = host.strip().lower()
    if name.startswith("["):
        name = name[: name.find("]") + 1]
    elif ":" in name:
        name = name.rsplit(":", 1)[0]
    return name in LOCAL_HOSTS


@dataclass(frozen=True)
class Access:
    role: str
    district: str | None = None  # the district of a district official
    email: str | None = None  # None: no sign-in (localhost)

    @property
    def row_level(self) -> bool:
        """Visit rows and quarantined rows: analysts only."""
        return self.role == "analyst"

    def sees_visitors_of(self, district: str) -> bool:
        """Who came to a stop (age bands, residence, hours): a district official for the own district only."""
        return self.role != "district" or district == self.district


MAX_LOCAL, MAX_DOMAIN = 64, 253
DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def address_key(value: object) -> str | None:
    """An e-mail address as the allowlist compares it, or None when the value is not an address.

    Compared exactly: the local part as written (RFC 5321 lets a mail server tell "Anna" from "anna"), the
    domain with its ASCII letters lower-cased (domains are case-insensitive). Nothing else is changed: no
    trimming, no Unicode normalisation, no case folding, which would make different mailboxes one (a
    full-width "ｂ", the ligature "ﬀ", "ß" against "ss"). An address is one "@" between a local part of
    printable characters without spaces (at most 64) and a domain of ASCII labels (an international domain in
    its xn-- form); anything else (a "sub:" subject, a name, an address with spaces) is not an address."""
    if not isinstance(value, str) or value.count("@") != 1:
        return None
    local, domain = value.split("@")
    if not local or len(local) > MAX_LOCAL or any(c.isspace() or not c.isprintable() or c == '"' for c in local):
        return None
    if not domain or len(domain) > MAX_DOMAIN or not all(DOMAIN_LABEL.fullmatch(p) for p in domain.split(".")):
        return None
    return f"{local}@{domain.translate(ASCII_LOWER)}"


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
SUBJECT = "sub:"


def identities(claims: dict) -> set[tuple[str, str]]:
    """What a signed-in user may be allowlisted by, each as (kind, value): the provider's stable subject
    ("sub", subject), and the e-mail address ("email", address_key) only when the provider says it has verified
    it (an unverified address is anyone's claim) and it is an address. The kinds keep the two apart: an e-mail
    claim "sub:k-1" is neither an address nor the subject k-1."""
    found = set()
    if isinstance(claims.get("sub"), str) and claims["sub"]:
        found.add(("sub", claims["sub"]))
    email = address_key(claims.get("email"))
    if email is not None and claims.get("email_verified") is True:
        found.add(("email", email))
    return found


def allowlist_entry(entry: object) -> tuple[str, str] | None:
    """An allowlist entry as (kind, value): "sub:<subject>" a subject, else an address (address_key); an entry
    that is neither matches nobody."""
    if isinstance(entry, str) and entry.startswith(SUBJECT) and len(entry) > len(SUBJECT):
        return "sub", entry.removeprefix(SUBJECT)
    email = address_key(entry)
    return ("email", email) if email is not None else None


def role_of(claims: dict, roles: dict) -> tuple[str, str | None] | None:
    """The role (and district) of a signed-in user by the allowlist; None if no identity of theirs is on it.

    roles = {"senate": [entries], "analyst": [entries], "district": {entry: district}}; an entry is a verified
    e-mail address (compared by address_key) or "sub:<the provider's subject>". The strongest role wins
    when someone is listed twice.
    """
    mine = identities(claims)

    def listed(entries) -> set[tuple[str, str]]:
        return {found for found in map(allowlist_entry, entries) if found is not None}

    known = {k: v for k, v in roles.items() if k in ROLES}
    if mine & listed(known.get("analyst", [])):
        return "analyst", None
    if mine & listed(known.get("senate", [])):
        return "senate", None
    for entry, district in dict(known.get("district", {})).items():
        if mine & listed([entry]):
            return "district", district
    return None


def request_host() -> str | None:
    """The Host header of the session's request."""
    return st.context.headers.get("Host")


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all (Streamlit raises its own error type)
        return False


def accessibility_contact() -> dict[str, str]:
    """The feedback contact of the accessibility statement: the [accessibility] section of
    .streamlit/secrets.toml (contact, email, phone, enforcement), empty when it is not configured."""
    try:
        section = st.secrets.get("accessibility", {})
    except Exception:  # no secrets file at all
        return {}
    return {key: str(value) for key, value in dict(section).items() if str(value).strip()}


_COMMAND_LINE: contextvars.ContextVar[bool] = contextvars.ContextVar("command_line", default=False)


@contextlib.contextmanager
def command_line():
    """For a command run by the operator (python -m cli briefing): every right, as for a local user, whatever
    the sign-in settings say; the operator holds the warehouse file anyway. Never entered by the server."""
    token = _COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _COMMAND_LINE.reset(token)


def current() -> Access | None:
    """The access of this session; None when signed in but not allowed, or not signed in yet."""
    if _COMMAND_LINE.get() or not sign_in_configured():
        return Access("analyst")
    if not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    found = role_of(claims, dict(st.secrets.get("roles", {})))
    email = claims.get("email")
    return Access(found[0], found[1], email if isinstance(email, str) else None) if found else None


def gate(lang: str) -> Access:
    """Draw the sign-in page, the "no access" page or the refusal to serve beyond localhost and stop, or return
    the session's access and put who is signed in (or that nobody needs to) into the sidebar."""
    if not sign_in_configured():
        address = st.get_option("server.address")
        if address not in LOCAL_ADDRESSES:
            st.title(t("app_title", lang))
            st.error(t("local_only_refused", lang, address=address or "0.0.0.0"))
            st.stop()
        host = request_host()
        if not is_local_host(host):
            st.title(t("app_title", lang))
            st.error(t("foreign_host_refused", lang, host=formats.plain(host or "?")))
            st.stop()
        st.sidebar.caption(t("local_only", lang))
        return Access("analyst")
    if not st.user.is_logged_in:
        st.title(t("app_title", lang))
        st.markdown(t("sign_in_text", lang))
        st.button(t("sign_in", lang), on_click=st.login, type="primary", icon=":material/login:")
        st.stop()
    access = current()
    if access is None:
        st.title(t("app_title", lang))
        st.warning(t("not_allowed", lang, email=formats.plain(st.user.get("email") or "?")))
        st.button(t("sign_out", lang), on_click=st.logout)
        st.stop()
    role = t(f"role_{access.role}", lang) + (f" ({access.district})" if access.district else "")
    st.sidebar.caption(t("signed_in_as", lang, email=formats.plain(access.email or ""), role=role))
    st.sidebar.button(t("sign_out", lang), on_click=st.logout, icon=":material/logout:")
    return access
