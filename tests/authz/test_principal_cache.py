"""The principal cache (app/principals.py) on its own: what it remembers, for how long, and
what makes it forget. The live server's behaviour is in tests/http/test_remembered_logins.py."""

from __future__ import annotations

from collections.abc import Callable

from app.principals import PrincipalCache
from authz.principal import Principal
from models.enums import OrganisasjonType, Rolle

EXP = 1_000.0


class Changes:
    """A stand-in for the LISTEN connection: the test announces changes and losses."""

    def __init__(self, listening: bool = True) -> None:
        self.listening = listening
        self.asked_to_listen = 0
        self.callbacks: list[Callable[[int | None], None]] = []

    def listen_in_background(self) -> None:
        self.asked_to_listen += 1

    def on_user_change(self, callback: Callable[[int | None], None]) -> None:
        self.callbacks.append(callback)

    def announce(self, bruker_id: int | None) -> None:
        for callback in self.callbacks:
            callback(bruker_id)


def principal(bruker_id: int, *roller: Rolle) -> Principal:
    return Principal(
        bruker_id=bruker_id,
        subject=f"user-{bruker_id}",
        navn="Navn",
        organisasjon_id=1,
        organisasjon_type=OrganisasjonType.KOMMUNE,
        organisasjon_navn="Oslo",
        kommunenummer="0301",
        roller=frozenset(roller or (Rolle.KOMMUNE_BOSETTER_LES,)),
    )


def cache(changes: Changes, now: list[float], **kwargs: int) -> PrincipalCache:
    return PrincipalCache(changes, clock=lambda: now[0], **kwargs)


def test_a_token_is_remembered_until_it_expires() -> None:
    now = [0.0]
    remembered = cache(Changes(), now)
    remembered.put("t", principal(1), EXP, remembered.generation)
    assert remembered.get("t") == principal(1)
    assert remembered.get("other") is None
    now[0] = EXP - 0.001
    assert remembered.get("t") == principal(1)
    now[0] = EXP
    assert remembered.get("t") is None
    assert len(remembered) == 0


def test_a_change_of_the_user_forgets_its_tokens_and_only_its() -> None:
    changes = Changes()
    remembered = cache(changes, [0.0])
    for token, bruker_id in (("a1", 1), ("a2", 1), ("b", 2)):
        remembered.put(token, principal(bruker_id), EXP, remembered.generation)
    changes.announce(1)
    assert (remembered.get("a1"), remembered.get("a2")) == (None, None)
    assert remembered.get("b") == principal(2)


def test_a_principal_read_while_a_change_was_announced_is_not_remembered() -> None:
    """The read may have seen the user before the change: remembering it would outlive it."""
    changes = Changes()
    remembered = cache(changes, [0.0])
    generation = remembered.generation
    changes.announce(7)  # any user: the cache cannot tell which user the read was about
    remembered.put("t", principal(1), EXP, generation)
    assert remembered.get("t") is None
    remembered.put("t", principal(1), EXP, remembered.generation)
    assert remembered.get("t") == principal(1)


def test_losing_the_announcements_forgets_everything_and_remembers_nothing() -> None:
    changes = Changes()
    remembered = cache(changes, [0.0])
    remembered.put("t", principal(1), EXP, remembered.generation)
    changes.listening = False
    changes.announce(None)
    assert len(remembered) == 0
    remembered.put("t", principal(1), EXP, remembered.generation)
    assert remembered.get("t") is None
    assert len(remembered) == 0


def test_while_not_listening_it_asks_to_listen_now_and_then() -> None:
    changes = Changes(listening=False)
    remembered = cache(changes, [0.0])
    for _ in range(50):
        assert remembered.get("t") is None
    assert changes.asked_to_listen == 1
    changes.listening = True
    remembered.put("t", principal(1), EXP, remembered.generation)
    assert remembered.get("t") == principal(1)


def test_it_holds_at_most_its_size() -> None:
    now = [0.0]
    remembered = cache(Changes(), now, max_entries=4)
    for n in range(4):
        remembered.put(f"t{n}", principal(n), EXP if n else 10.0, remembered.generation)
    now[0] = 20.0  # t0 has expired: it makes the room
    remembered.put("t4", principal(4), EXP, remembered.generation)
    assert len(remembered) == 4
    assert remembered.get("t0") is None
    assert remembered.get("t1") == principal(1)
    for n in range(5, 9):  # none expired: the oldest half goes
        remembered.put(f"t{n}", principal(n), EXP, remembered.generation)
    assert len(remembered) <= 4
    assert remembered.get("t8") == principal(8)
