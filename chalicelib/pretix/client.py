"""A small pretix REST client: vouchers and items of one event, `Authorization: Token …`.

Why it looks like this:
- Every connection goes through `chalicelib.netguard.GuardedAdapter` (the host resolved,
  every address checked, only a checked address connected to), the base URL is checked
  again before each request, redirects are not followed, no proxy is used, and `next`
  links must stay on the configured host: the organiser's setting must never make us
  carry the token to an internal address.
- Retries (urllib3's `Retry`, exponential back-off, `Retry-After` bounded) cover
  connection errors, timeouts, 429 and 5xx for GET, POST and DELETE alike. Retrying a
  POST is safe here only because every voucher we create has a deterministic code: a
  create that reached pretix and lost its answer comes back as "code already exists",
  which the caller resolves by looking the code up (pretix.tickets).
- Failures are two exception types with messages in words: `PretixUnavailable`
  (unreachable, timeout, 5xx, not JSON: the outcome of a write is unknown) and
  `PretixRefused` (a 4xx: pretix said no, and why).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import requests

from ..domain.urls import base_url_problem
from ..netguard import BlockedAddress
from ..outbound import guarded_session, retry_policy
from .payload import Item, PretixRefused, PretixUnavailable, Voucher, parse_item, parse_voucher, refusal_words

log = logging.getLogger(__name__)
MAX_PAGES = 500
#: pretix's answer to a second voucher with the same code (checked against pretix 2026.8.0).
DUPLICATE_CODE = "already exists"


class DuplicateCode(PretixRefused):
    """A voucher with this code exists already (ours, from an earlier or concurrent attempt)."""


class VoucherRedeemed(PretixRefused):
    """pretix refuses to delete a voucher that has been used (403)."""


@dataclass(frozen=True)
class ClientOptions:
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    retries: int = 2
    backoff_factor: float = 0.5
    backoff_max: float = 4.0
    retry_after_max: int = 5
    page_size: int = 50


def build_session(options: ClientOptions, *, allow_loopback: bool) -> requests.Session:
    # POST and DELETE repeat safely here: a voucher's code is fixed per grant (a second create
    # meets "code exists"), and deleting a deleted voucher is a 404 the caller expects.
    return guarded_session(retry_policy(options, frozenset({"GET", "POST", "DELETE"})), allow_loopback=allow_loopback)


class PretixClient:
    """One pretix event's vouchers and items."""

    def __init__(self, base_url: str, organizer: str, event: str, token: str, *, allow_loopback: bool,
                 options: ClientOptions | None = None, session: requests.Session | None = None) -> None:
        self.base_url = base_url.strip().rstrip("/")
        self.organizer = organizer
        self.event = event
        self.allow_loopback = allow_loopback
        self.options = options or ClientOptions()
        self.session = session or build_session(self.options, allow_loopback=allow_loopback)
        self.session.headers.update({"Accept": "application/json", "User-Agent": "conference-grants-pretix",
                                     "Authorization": f"Token {token}"})
        #: Requests sent (each retry counts), by method: what the bench reports.
        self.requests_made: dict[str, int] = {}

    # -- public ----------------------------------------------------------------------------
    def find_voucher(self, code: str) -> Voucher | None:
        """The voucher with this code (pretix matches codes case-insensitively), or None."""
        for voucher in self._paginate(self._event_url("vouchers/") + "?" + urlencode({"code": code})):
            if voucher.get("code", "").upper() == code.upper():
                return parse_voucher(voucher)
        return None

    def search_vouchers(self, text: str, tag: str) -> list[Voucher]:
        """Vouchers whose code, tag or comment contains `text` (pretix's `search`), first page only:
        callers search for a grant id, which names one voucher."""
        url = self._event_url("vouchers/") + "?" + urlencode({"search": text, "tag": tag})
        page = self._request("GET", url, expect=(200,))
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise PretixUnavailable("pretix answered the voucher search with an unexpected document.")
        return [parse_voucher(raw) for raw in page["results"]]

    def create_voucher(self, *, code: str, item: int, comment: str, tag: str) -> Voucher:
        """One use, the given item, price 0.00, quota blocked; DuplicateCode when the code exists."""
        body = {"code": code, "max_usages": 1, "item": item, "price_mode": "set", "value": "0.00",
                "block_quota": True, "allow_ignore_quota": False, "tag": tag, "comment": comment}
        return parse_voucher(self._request("POST", self._event_url("vouchers/"), json=body, expect=(201,)))

    def delete_voucher(self, voucher_id: int) -> None:
        """Delete an unused voucher (a voucher already gone counts as deleted); VoucherRedeemed if used."""
        self._request("DELETE", self._event_url(f"vouchers/{int(voucher_id)}/"), expect=(204, 404))

    def tagged_vouchers(self, tag: str) -> Iterator[Voucher]:
        """Every voucher with this tag (exact match), page after page."""
        url = self._event_url("vouchers/") + "?" + urlencode({"tag": tag, "page_size": self.options.page_size})
        for raw in self._paginate(url):
            yield parse_voucher(raw)

    def items(self) -> list[Item]:
        """The event's products (for the settings page's item picker)."""
        return [parse_item(raw) for raw in self._paginate(self._event_url("items/"))]

    def shop_url(self, code: str) -> str:
        """Where the applicant redeems the voucher: the shop's redeem page with the code filled in."""
        return f"{self._shop_base()}/redeem?" + urlencode({"voucher": code})

    def close(self) -> None:
        self.session.close()

    # -- internals -------------------------------------------------------------------------
    def _shop_base(self) -> str:
        return f"{self.base_url}/{quote(self.organizer, safe='')}/{quote(self.event, safe='')}"

    def _event_url(self, suffix: str) -> str:
        return (f"{self.base_url}/api/v1/organizers/{quote(self.organizer, safe='')}/events/"
                f"{quote(self.event, safe='')}/{suffix}")

    def _paginate(self, url: str) -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            seen.add(url)
            page = self._request("GET", url, expect=(200,))
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise PretixUnavailable(f"pretix answered {urlsplit(url).path} with an unexpected document.")
            for item in page["results"]:
                if not isinstance(item, dict):
                    raise PretixUnavailable("pretix answered a list with an unexpected item.")
                yield item
            next_url = page.get("next")
            if not next_url:
                return
            url = self._same_origin(str(next_url))
            if url in seen:
                raise PretixUnavailable("pretix's pages link back to themselves.")
        raise PretixUnavailable(f"pretix's list has more than {MAX_PAGES} pages.")

    def _same_origin(self, url: str) -> str:
        base, link = urlsplit(self.base_url), urlsplit(url)
        if link.netloc and (link.hostname or "").lower() != (base.hostname or "").lower():
            raise PretixUnavailable("pretix's pagination pointed to another host.")
        return urlunsplit((base.scheme, base.netloc, link.path, link.query, ""))

    def _request(self, method: str, url: str, *, expect: tuple[int, ...], json: Any = None) -> Any:
        problem = base_url_problem(self.base_url, allow_loopback=self.allow_loopback)
        if problem:
            raise PretixRefused(f"The pretix base URL is not allowed: {problem}.", 0)
        endpoint = urlsplit(url).path
        self.requests_made[method] = self.requests_made.get(method, 0) + 1
        try:
            response = self.session.request(method, url, json=json, allow_redirects=False,
                                            timeout=(self.options.connect_timeout, self.options.read_timeout))
        except BlockedAddress as exc:
            raise PretixRefused(f"The pretix host is not allowed: {exc}.", 0) from None
        except requests.RequestException as exc:
            log.warning("pretix request failed: %s %s %s", method, endpoint, type(exc).__name__)
            raise PretixUnavailable(f"pretix could not be reached at {endpoint} ({type(exc).__name__}).") from None
        if response.status_code in expect:
            if response.status_code in (204, 404):
                return None
            try:
                return response.json()
            except ValueError:
                raise PretixUnavailable(f"pretix answered {endpoint} with something that is not JSON.") from None
        log.warning("pretix answered %s for %s %s", response.status_code, method, endpoint)
        if response.status_code >= 500 or response.status_code == 429:
            raise PretixUnavailable(f"pretix answered HTTP {response.status_code} for {method} {endpoint}.")
        try:
            body = response.json()
        except ValueError:
            body = None
        words = refusal_words(response.status_code, body) + _STATUS_HINTS.get(response.status_code, "")
        if response.status_code == 400 and DUPLICATE_CODE in str(body):
            raise DuplicateCode(words, 400)
        if method == "DELETE" and response.status_code == 403:
            raise VoucherRedeemed(words, 403)
        raise PretixRefused(words, response.status_code)


_STATUS_HINTS = {
    401: " (check the API token in the conference's pretix settings)",
    403: " (the API token may not do this: give its team voucher write access to the event)",
    404: " (check the base URL, organizer and event in the conference's pretix settings)",
}
