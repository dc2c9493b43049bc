"""Every scenario's series and event log, under every policy, are as recorded: a restructure of
the engine changes no number (tests/fingerprints.py says how to redraw them on purpose)."""

import json

from tests.fingerprints import FINGERPRINTS, campaign_fingerprints


def test_every_campaign_matches_its_recorded_fingerprint():
    recorded = json.loads(FINGERPRINTS.read_text())
    now = campaign_fingerprints()
    assert now.keys() == recorded.keys()
    changed = sorted(k for k in now if now[k] != recorded[k])
    assert not changed, f"series or events changed in: {', '.join(changed)}"
