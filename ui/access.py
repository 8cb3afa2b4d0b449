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

from dataclasses import dataclass

import streamlit as st

from ui import formats
from ui.text import t

ROLES = ("senate", "district", "analyst")
LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")


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


def role_of(email: str | None, roles: dict) -> tuple[str, str | None] | None:
    """The role (and district) of a signed-in address by the allowlist; None if it is not on it.

    roles = {"senate": [addresses], "analyst": [addresses], "district": {address: district}}; addresses compare
    without regard to case. The strongest role wins when an address is listed twice.
    """
    if not email:
        return None
    address = email.strip().lower()
    listed = {k: v for k, v in roles.items() if k in ROLES}
    if address in {a.lower() for a in listed.get("analyst", [])}:
        return "analyst", None
    if address in {a.lower() for a in listed.get("senate", [])}:
        return "senate", None
    districts = {a.lower(): d for a, d in dict(listed.get("district", {})).items()}
    if address in districts:
        return "district", districts[address]
    return None


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all (Streamlit raises its own error type)
        return False


def current() -> Access | None:
    """The access of this session; None when signed in but not allowed, or not signed in yet."""
    if not sign_in_configured():
        return Access("analyst")
    if not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    address = email if isinstance(email, str) else None
    found = role_of(address, dict(st.secrets.get("roles", {})))
    return Access(found[0], found[1], address) if found else None


def gate(lang: str) -> Access:
    """Draw the sign-in page, the "no access" page or the refusal to serve beyond localhost and stop, or return
    the session's access and put who is signed in (or that nobody needs to) into the sidebar."""
    if not sign_in_configured():
        address = st.get_option("server.address")
        if address not in LOCAL_ADDRESSES:
            st.title(t("app_title", lang))
            st.error(t("local_only_refused", lang, address=address or "0.0.0.0"))
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
