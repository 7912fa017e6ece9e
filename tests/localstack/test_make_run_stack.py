"""`make run`'s stack, started as a process on free ports, used over HTTP and stopped cleanly."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.support.clients import wait_until
from tests.support.local_stack import read_tokens, start_stack

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.localstack


def _stop(process: subprocess.Popen, sig: int) -> str:
    """Stop a stack with `sig` and return its output; never leave it running, even on failure."""
    process.send_signal(sig)
    try:
        out, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()  # its emulator exits on its own once orphaned (devstack/emulator/server.py)
        out, _ = process.communicate()
        raise AssertionError("the stack did not stop within 60 s:\n" + out) from None
    assert process.returncode == 0, out
    return out


def test_two_stacks_side_by_side_serve_and_stop_cleanly(tmp_path):
    first, a = start_stack("stack-a-secret-0123456789-abcdefghij", tmp_path / "a")
    try:
        second, b = start_stack("stack-b-secret-0123456789-abcdefghij")
    except BaseException:
        first.kill()
        raise
    try:
        assert a["base_url"] != b["base_url"] and a["emulator"] != b["emulator"]
        for info in (a, b):
            base = info["base_url"]
            assert requests.get(f"{base}/health", timeout=5).json() == {"status": "ok"}
            demo = requests.get(f"{base}/conferences/pycon-demo", timeout=5)
            assert demo.status_code == 200 and demo.json()["sections"]
            assert {"attendee", "reviewer", "organiser", "admin"} <= set(info["tokens"])
            admin = {"Authorization": f"Bearer {info['tokens']['admin']}"}
            assert requests.get(f"{base}/manage/conferences/pycon-demo", headers=admin, timeout=5).status_code == 200
            attendee = {"Authorization": f"Bearer {info['tokens']['attendee']}"}
            assert requests.get(f"{base}/manage/conferences/pycon-demo", headers=attendee, timeout=5).status_code == 403
            # the web app: served on its own origin, pointed at this API, which allows that origin
            web = info["web_url"]
            assert requests.get(f"{web}/config.json", timeout=5).json()["apiUrl"] == base
            preflight = requests.options(f"{base}/conferences/pycon-demo/activities", timeout=5, headers={
                "Origin": web, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"})
            assert preflight.headers.get("Access-Control-Allow-Origin") == web
            grant = requests.get(f"{base}/conferences/pycon-demo/travel-grant", headers=attendee, timeout=5).json()
            assert grant["status"] == "accepted"  # ready for the receipt upload demo
            # ...with its ticket voucher, issued by the event pump from the local (or fake) pretix
            def ticket_issued(base: str = base, attendee: dict = attendee) -> bool:
                mine = requests.get(f"{base}/conferences/pycon-demo/travel-grant", headers=attendee, timeout=5).json()
                return (mine["ticket"] or {}).get("status") == "issued" and bool(mine["ticket"]["voucher_code"])

            assert wait_until(ticket_issued, timeout=90, interval=0.5)
        # Each stack verifies tokens with its own secret.
        other = {"Authorization": f"Bearer {b['tokens']['admin']}"}
        assert requests.get(f"{a['base_url']}/manage/conferences/pycon-demo", headers=other, timeout=5).status_code == 401
    finally:
        try:
            out_a = _stop(first, signal.SIGINT)
        finally:
            out_b = _stop(second, signal.SIGTERM)
    assert "stopped" in out_a and "stopped" in out_b
    for info in (a, b):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{info['base_url']}/health", timeout=2)
        with pytest.raises(requests.ConnectionError):
            requests.get(info["emulator"], timeout=2)
        with pytest.raises(requests.ConnectionError):
            requests.get(info["web_url"], timeout=2)


JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


def test_the_ready_banner_is_short_has_no_tokens_and_ends_with_the_urls(tmp_path):
    process, info = start_stack("banner-secret-0123456789-abcdefghijk", tmp_path / "data")
    try:
        banner = info["lines"]
        assert banner[-1].startswith("ready: API on ") and " web app on http://127.0.0.1:" in banner[-1]
        assert not [line for line in banner if JWT.search(line)], "".join(banner)
        # One line per step, the demo's e-mails included (sent before `ready`, not after it).
        assert len(banner) <= 15 and not [line for line in banner if line.startswith((" ", "\t"))], "".join(banner)
        assert any(line.startswith("mail: ") for line in banner), "".join(banner)
        tokens_file = info["tokens_file"]
        assert tokens_file.parent == tmp_path / "data" and oct(tokens_file.stat().st_mode & 0o777) == "0o600"
        assert set(info["tokens"]) == {"attendee", "applicant", "reviewer", "reviewer-lenient", "reviewer-harsh", "organiser", "payer", "admin"}
        admin = {"Authorization": f"Bearer {info['tokens']['admin']}"}
        assert requests.get(f"{info['base_url']}/manage/conferences", headers=admin, timeout=5).status_code == 200
    finally:
        out = _stop(process, signal.SIGINT)
    assert not JWT.search(out)


def test_print_tokens_shows_them_and_no_persist_keeps_them_in_a_private_temporary_file():
    from devstack.run import token_lines, write_tokens

    tokens = {"admin": "eyJa.eyJb.c", "attendee": "eyJd.eyJe.f"}
    assert token_lines(tokens) == ["ADMIN_TOKEN=eyJa.eyJb.c", "ATTENDEE_TOKEN=eyJd.eyJe.f"]
    path = write_tokens(None, tokens)
    try:
        assert oct(path.stat().st_mode & 0o777) == "0o600" and read_tokens(path) == tokens
    finally:
        path.unlink()


def test_cli_mints_tokens_the_stack_accepts():
    from chalicelib.auth import TokenVerifier
    from chalicelib.config import load_settings

    secret = "cli-secret-0123456789-abcdefghijklmnop"
    out = subprocess.run(
        [sys.executable, "-m", "chalicelib.cli", "token", "--sub", "alice", "--name", "Alice",
         "--email", "a@example.com", "--perm", "manage_activity", "--perm", "review_receipt"],
        cwd=ROOT, env={**os.environ, "AUTH_DEV_SECRET": secret}, capture_output=True, text=True, check=True,
    ).stdout.strip()
    principal = TokenVerifier(load_settings({"STAGE": "local", "AUTH_DEV_SECRET": secret})).verify(f"Bearer {out}")
    assert principal.sub == "alice" and principal.email == "a@example.com"
    assert principal.permissions == {"manage_activity", "review_receipt"}
