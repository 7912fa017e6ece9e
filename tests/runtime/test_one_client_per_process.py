"""A cold process opens one botocore session and one client per service, whatever it serves.

A model family that opened its own session and client on its first call would pay 60-150 ms
for it in a cold container. The child process below serves one request of every family
(conference, activities, signup, cancel, apply, my grant, review list, review) and counts
what botocore created.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.support.clients import Api

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys
from collections import Counter
import botocore.session

sessions, clients = [0], Counter()
original_init, original_create = botocore.session.Session.__init__, botocore.session.Session.create_client

def init(self, *a, **kw):
    sessions[0] += 1
    original_init(self, *a, **kw)

def create(self, service, *a, **kw):
    clients[service] += 1
    return original_create(self, service, *a, **kw)

botocore.session.Session.__init__ = init
botocore.session.Session.create_client = create

import app
from chalice.test import Client
from bench.cold import _families
from chalicelib.auth import mint_dev_token
from tests.support.clients import Api
import os

secret = os.environ["AUTH_DEV_SECRET"]
token = lambda sub, *perms: mint_dev_token(secret, sub, name=sub, email=sub + "@example.com", permissions=perms)
api = Api(Client(app.app))
statuses = {name: call(api, 0).status for name, call in _families(sys.argv[1], sys.argv[2], token)}
print(json.dumps({"sessions": sessions[0], "clients": dict(clients), "statuses": statuses}))
"""


def test_every_family_shares_one_session_and_the_clients_made_at_init(
    api: Api, conference: str, make_token: Callable[..., str],
) -> None:
    manager = make_token("cold-manager", "manage_activity")
    reply = api.post(f"/manage/conferences/{conference}/activities", {"name": "Cold", "max_participants": 5},
                     token=manager)
    assert reply.status == 201, reply.body
    out = subprocess.run([sys.executable, "-c", CHILD, conference, reply.body["slug"]], capture_output=True, text=True,
                         cwd=ROOT, env=dict(os.environ), check=False, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert all(status < 300 for status in result["statuses"].values()), result["statuses"]
    assert len(result["statuses"]) >= 8
    # made at import (INIT, chalicelib/aws.py: PROCESS_SERVICES), once each, whatever is served
    assert result["clients"] == {"dynamodb": 1, "s3": 1, "kms": 1}, result
    assert result["sessions"] == 1, result
