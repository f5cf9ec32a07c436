"""Runs last: every documented route was exercised by the tests above and
no response of the whole run held the canary secret."""

from __future__ import annotations

from conftest import CANARY
from flowfile_server import Contract


def test_every_documented_route_was_exercised(contract: Contract) -> None:
    missing = contract.documented_operations() - contract.exercised
    assert not missing, f"documented but never called: {sorted(missing)}"


def test_canary_secret_never_appears_in_any_response(contract: Contract) -> None:
    assert len(contract.exchanges) > 50
    leaked = [
        f"{e.method} {e.path}"
        for e in contract.exchanges
        if CANARY in e.text or CANARY in e.headers
    ]
    assert not leaked, f"canary secret in responses of {leaked}"


def test_canary_secret_never_appears_in_what_the_servers_wrote(
    contract: Contract,
) -> None:
    assert len(contract.server_output) > 5, "the servers' output was not collected"
    leaked = [i for i, text in enumerate(contract.server_output) if CANARY in text]
    assert not leaked, f"canary secret in the output of servers {leaked}"
