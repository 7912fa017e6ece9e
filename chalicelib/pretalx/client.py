"""A small Pretalx REST client: timeouts, bounded retries, `next` pagination, no surprises.

Why it looks like this:
- Retries use urllib3's `Retry` through requests' `HTTPAdapter` (not a hand-rolled loop):
  GET only, on connection errors, read timeouts, 429 and 5xx, with exponential back-off,
  honouring `Retry-After` up to `retry_after_max` seconds so one slow answer cannot hold a
  Lambda (or the synchronous sync route) for minutes.
- The base URL is re-checked against `base_url_problem` before every request (the setting is
  validated when saved, but the stage or the rules may have changed since), every
  connection goes through `netguard.GuardedAdapter` (the host is resolved, every address
  checked, and only a checked address connected to: DNS rebinding cannot slip in between),
  redirects are not followed, no proxy is used, and `next` links may only point back to the
  configured host: the conference setting must never make this function call an arbitrary
  (internal) address, nor carry the API token there.
- Every failure (unreachable, timeout, non-2xx, a body that is not the expected JSON) becomes
  one exception type, `PretalxUnavailable`, which the API maps to 502.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import requests
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from ..domain.urls import base_url_problem
from ..netguard import BlockedAddress
from ..outbound import guarded_session, retry_policy

log = logging.getLogger(__name__)

#: Page after page, a misbehaving server could loop forever; a PyCon needs about ten pages.
MAX_PAGES = 200
#: Pretalx pins every token migrated from a pre-2025 install to its LEGACY API, whose
#: `/submission-types/` and `/slots/` answer 400; naming the version gets the v1 API for any token.
API_VERSION = "v1"


class PretalxUnavailable(Exception):
    """Pretalx could not be reached or did not answer as expected (the sync writes nothing)."""


@dataclass(frozen=True)
class ClientOptions:
    """Tunables; the defaults fit a Lambda behind API Gateway (29 s) for a PyCon-sized event."""

    connect_timeout: float = 3.05
    read_timeout: float = 15.0
    retries: int = 3
    backoff_factor: float = 0.5
    backoff_max: float = 4.0
    retry_after_max: int = 10
    page_size: int = 100
    #: Whole-sync budget: no new attempt (or wait) starts past it, so the synchronous route
    #: finishes inside the API Lambda's timeout (overshoot at most one read timeout).
    deadline_seconds: float = 15.0


class DeadlineRetry(Retry):
    """urllib3's Retry that also gives up when the next wait would pass a deadline."""

    deadline: float | None = None  # time.monotonic() value

    def new(self, **kw: Any) -> DeadlineRetry:
        retry = super().new(**kw)
        retry.deadline = self.deadline
        return retry

    def increment(self, method: str | None = None, url: str | None = None, *args: Any, **kw: Any) -> DeadlineRetry:
        retry = super().increment(method, url, *args, **kw)
        if self.deadline is not None:
            response = kw.get("response")
            try:
                wait = (retry.get_retry_after(response) if response is not None else None) or retry.get_backoff_time()
            except Exception:  # noqa: BLE001 - an unparsable Retry-After: judge by the back-off
                wait = retry.get_backoff_time()
            if time.monotonic() + wait >= self.deadline:
                raise MaxRetryError(kw.get("_pool"), url or "", ResponseError("Pretalx sync time budget exhausted"))
        return retry


def build_session(options: ClientOptions, *, allow_loopback: bool = False) -> requests.Session:
    """A session whose adapter retries idempotent GETs with back-off and `Retry-After`, and
    connects only to addresses netguard allows (no proxies from the environment either)."""
    retry = retry_policy(options, frozenset({"GET"}), DeadlineRetry)
    retry.deadline = time.monotonic() + options.deadline_seconds
    return guarded_session(retry, allow_loopback=allow_loopback)


class PretalxClient:
    """Reads one event's collections from a Pretalx instance."""

    def __init__(
        self,
        base_url: str,
        event_slug: str,
        token: str | None,
        *,
        allow_loopback: bool,
        options: ClientOptions | None = None,
        session: requests.Session | None = None,
        on_page: Callable[[str, int, int | None], None] | None = None,
    ) -> None:
        self.base_url = base_url.strip().rstrip("/")
        self.event_slug = quote(event_slug.strip().strip("/"), safe="")
        self.allow_loopback = allow_loopback
        self.options = options or ClientOptions()
        self.session = session or build_session(self.options, allow_loopback=allow_loopback)
        self.session.headers.update({"Accept": "application/json", "User-Agent": "conference-grants-pretalx-sync",
                                     "Pretalx-Version": API_VERSION})
        if token:
            self.session.headers["Authorization"] = f"Token {token}"
        #: Progress hook: (collection, items so far, total count if Pretalx said it).
        self.on_page = on_page
        self.requests_made = 0
        self.deadline = time.monotonic() + self.options.deadline_seconds

    # -- public --------------------------------------------------------------------------
    def rooms(self) -> list[dict[str, Any]]:
        return self.collection("rooms", {"limit": self.options.page_size})

    def submission_types(self) -> list[dict[str, Any]]:
        """Only a fallback (see `sync.fetch`): migrated read tokens may not read this endpoint (403)."""
        return self.collection("submission-types", {"page_size": self.options.page_size})

    def submissions(self) -> list[dict[str, Any]]:
        """Confirmed and accepted submissions, speakers and submission type expanded to objects.

        Expanding the type here is what lets the sync do without `/submission-types/`, which
        tokens migrated from older pretalx installs are not allowed to read.
        """
        params = [("state", "confirmed"), ("state", "accepted"), ("expand", "speakers,submission_type"),
                  ("page_size", self.options.page_size)]
        return self.collection("submissions", params)

    def speakers(self) -> list[dict[str, Any]]:
        return self.collection("speakers", {"page_size": self.options.page_size})

    def slots(self) -> list[dict[str, Any]]:
        """Slots of the latest published schedule (talks, breaks and blockers)."""
        return self.collection("slots", {"page_size": self.options.page_size})

    def collection(self, name: str, params: dict[str, Any] | list[tuple[str, Any]]) -> list[dict[str, Any]]:
        """Every item of `/api/events/{event}/{name}/`, following `next` links, each one
        parsed and normalised by `payload` (PretalxUnavailable naming a malformed field)."""
        from .payload import parse_collection  # payload needs this module's exception

        return parse_collection(name, list(self._paginate(name, self._event_url(f"{name}/") + "?" + urlencode(params))))

    def close(self) -> None:
        self.session.close()

    # -- internals -----------------------------------------------------------------------
    def _event_url(self, suffix: str) -> str:
        return f"{self.base_url}/api/events/{self.event_slug}/{suffix}"

    def _paginate(self, name: str, url: str) -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        fetched = 0
        for _ in range(MAX_PAGES):
            seen.add(url)
            page = self._get_json(url)
            if isinstance(page, list):  # an unpaginated list is a complete answer
                results, next_url, count = page, None, len(page)
            elif isinstance(page, dict) and isinstance(page.get("results"), list):
                results, next_url, count = page["results"], page.get("next"), page.get("count")
            else:
                raise PretalxUnavailable(f"Pretalx answered {name} with an unexpected document.")
            for item in results:
                if not isinstance(item, dict):
                    raise PretalxUnavailable(f"Pretalx answered {name} with an unexpected item.")
                yield item
            fetched += len(results)
            if self.on_page:
                self.on_page(name, fetched, count if isinstance(count, int) else None)
            if not next_url:
                return
            url = self._same_origin(str(next_url))
            if url in seen:
                raise PretalxUnavailable(f"Pretalx's {name} pages link back to themselves.")
        raise PretalxUnavailable(f"Pretalx's {name} list has more than {MAX_PAGES} pages.")

    def _same_origin(self, url: str) -> str:
        """`next` must stay on the configured host; keep our scheme (proxies often say http)."""
        base, link = urlsplit(self.base_url), urlsplit(url)
        if link.netloc and (link.hostname or "").lower() != (base.hostname or "").lower():
            raise PretalxUnavailable("Pretalx's pagination pointed to another host.")
        return urlunsplit((base.scheme, base.netloc, link.path, link.query, ""))

    def _get_json(self, url: str) -> Any:
        problem = base_url_problem(self.base_url, allow_loopback=self.allow_loopback)
        if problem:
            raise PretalxUnavailable(f"The Pretalx base URL is not allowed: {problem}.")
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise PretalxUnavailable("Pretalx is too slow: the sync ran out of time.")
        self.requests_made += 1
        endpoint = urlsplit(url).path  # named in every failure: which call broke is the first question
        try:
            response = self.session.get(
                url, timeout=(min(self.options.connect_timeout, remaining), min(self.options.read_timeout, remaining)),
                allow_redirects=False,
            )
        except BlockedAddress as exc:
            log.warning("pretalx request refused: %s", exc)
            raise PretalxUnavailable(f"The Pretalx host is not allowed: {exc}.") from None
        except requests.RequestException as exc:
            log.warning("pretalx request failed: %s %s", url, type(exc).__name__)
            raise PretalxUnavailable(
                f"Pretalx could not be reached at {endpoint} ({type(exc).__name__}).") from None
        if response.status_code != 200:
            log.warning("pretalx answered %s for %s", response.status_code, url)
            raise PretalxUnavailable(f"Pretalx answered HTTP {response.status_code} for {endpoint}"
                                     f"{_STATUS_HINTS.get(response.status_code, '')}.")
        try:
            return response.json()
        except ValueError:
            raise PretalxUnavailable(f"Pretalx answered {endpoint} with something that is not JSON.") from None


#: What an organiser can do about the usual refusals (appended to the 502 message).
_STATUS_HINTS = {
    401: ": check the API token in the conference's Pretalx settings",
    403: ": the API token may not read this endpoint; give it read access to the event",
    404: ": check the base URL and the event slug in the conference's Pretalx settings",
}
