"""The demo's logins share a published password, so they work only while the server runs with
`--demo`: a start without it switches them off, and --demo switches them on again."""

from __future__ import annotations

from knotwork.accounts.models import User
from knotwork.demo import DEMO_PASSWORD, demo_login_emails, seed_demo_clinic, switch_off_demo_logins


def test_it_switches_the_demo_logins_off_and_on(db) -> None:
    real = User.objects.create_user("real.person@example.org", DEMO_PASSWORD + "-not")
    seed_demo_clinic()
    demo = User.objects.filter(email__in=demo_login_emails())
    assert demo.count() == 4 and all(u.check_password(DEMO_PASSWORD) for u in demo)
    assert switch_off_demo_logins() == 4
    assert not any(u.check_password(DEMO_PASSWORD) for u in demo.all())
    assert switch_off_demo_logins() == 0
    assert User.objects.get(pk=real.pk).has_usable_password()
    assert seed_demo_clinic() is None
    assert all(u.check_password(DEMO_PASSWORD) for u in demo.all())
