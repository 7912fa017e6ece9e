"""Run inside a pretix install (`python -m pretix shell -c ...`): the organizer, event, ticket
item, quota, team and API token the local stack and the contract tests use. Idempotent (it
finds what exists); prints one JSON line {"organizer", "event", "item_id", "token"}.

Plain Django ORM on pretix's own models: no pretix admin session, no web form. pretix 2025+
gives a team permissions as a dict; `all_event_permissions` covers vouchers and orders.
"""

import json
import os
from datetime import timedelta
from decimal import Decimal

from django.utils.timezone import now
from django_scopes import scopes_disabled
from pretix.base.models import Event, Item, Organizer, Quota, Team, TeamAPIToken

ORGANIZER = os.environ.get("PRETIX_ORGANIZER", "pycon")
EVENT = os.environ.get("PRETIX_EVENT", "pycon-demo")

with scopes_disabled():
    organizer, _ = Organizer.objects.get_or_create(slug=ORGANIZER, defaults={"name": "PyCon (local)"})
    event = Event.objects.filter(organizer=organizer, slug=EVENT).first()
    if event is None:
        event = Event.objects.create(organizer=organizer, slug=EVENT, name="PyCon demo", currency="EUR",
                                     date_from=now() + timedelta(days=120), live=True)
    item = Item.objects.filter(event=event, internal_name="conference-ticket").first()
    if item is None:
        item = Item.objects.create(event=event, name="Conference ticket", internal_name="conference-ticket",
                                   default_price=Decimal("300.00"), admission=True, active=True)
        Item.objects.create(event=event, name="Tutorial ticket", internal_name="tutorial-ticket",
                            default_price=Decimal("150.00"), admission=True, active=True)
    quota = Quota.objects.filter(event=event, name="Tickets").first()
    if quota is None:
        quota = Quota.objects.create(event=event, name="Tickets", size=500)
        quota.items.add(*Item.objects.filter(event=event))
    team, created = Team.objects.get_or_create(organizer=organizer, name="Travel grants (API)", defaults={
        "all_events": True, "all_event_permissions": True})
    token = team.tokens.filter(active=True).first() or TeamAPIToken.objects.create(team=team, name="travel-grants")
    print(json.dumps({"organizer": organizer.slug, "event": event.slug, "item_id": item.pk, "token": token.token}))
