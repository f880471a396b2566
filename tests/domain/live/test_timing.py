"""Taps keep the time they were made: the phone's clock corrected by the learned offset."""

from knotwork.domain.live.timing import learn_offset, tap_moment

# The phone's clock runs 90 s behind the server's; the network takes 40-80 ms.
BEHIND = 90_000


def test_it_learns_the_offset_with_the_least_network_delay() -> None:
    offset = learn_offset(None, 1_000, 1_000 + BEHIND + 80)
    offset = learn_offset(offset, 2_000, 2_000 + BEHIND + 40)
    offset = learn_offset(offset, 3_000, 3_000 + BEHIND + 60)
    assert offset == BEHIND + 40


def test_taps_sent_late_keep_the_moments_they_were_made_apart() -> None:
    arrived = 100_000 + BEHIND  # both arrive at once, when the phone is back
    first = tap_moment(sent_at_ms=40_000, received_ms=arrived, offset_ms=BEHIND, floor_ms=None)
    second = tap_moment(sent_at_ms=52_000, received_ms=arrived, offset_ms=BEHIND, floor_ms=first)
    assert (first, second) == (40_000 + BEHIND, 52_000 + BEHIND)
    assert second - first == 12_000


def test_a_tap_is_never_after_it_arrived_nor_before_the_one_before() -> None:
    assert tap_moment(sent_at_ms=9_000, received_ms=5_000, offset_ms=0, floor_ms=None) == 5_000
    assert tap_moment(sent_at_ms=1_000, received_ms=5_000, offset_ms=0, floor_ms=3_000) == 3_000
    assert tap_moment(sent_at_ms=1_000, received_ms=5_000, offset_ms=None, floor_ms=None) == 5_000
