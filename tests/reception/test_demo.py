import datetime as dt

import pytest
from django.db.models import Sum

from reception.choices import SessionKind
from reception.demo import seed_reception
from reception.models import ReceptionSession, ReceptionVisit

pytestmark = pytest.mark.django_db


def test_demo_register_is_sized_like_bac_kan_and_idempotent():
    created = seed_reception(seed=1, as_of=dt.date(2024, 12, 31))  # the years Bắc Kạn reported
    admin = ReceptionSession.objects.exclude(kind=SessionKind.DIALOGUE)
    assert created == 3493 + 198 and admin.count() == 3493
    people = ReceptionVisit.objects.filter(session__in=admin).aggregate(n=Sum("people_count"))["n"]
    assert ReceptionVisit.objects.filter(session__in=admin).count() == 3630 and people >= 3630
    dialogues = ReceptionVisit.objects.filter(session__kind=SessionKind.DIALOGUE).count()
    assert ReceptionSession.objects.filter(kind=SessionKind.DIALOGUE).count() == 198 and dialogues >= 250
    assert seed_reception(seed=1) == 0
