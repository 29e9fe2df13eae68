"""重复信访: the same petitioner raising the same topic again.

The same person is recognised by ID number, or by name and phone together
(a name alone is too common to link two cases).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.cases import Case


def _identities(case: Case) -> list[tuple[str, ...]]:
    person = case.petitioner
    keys: list[tuple[str, ...]] = []
    if person.id_number:
        keys.append(("id", person.id_number.strip().upper()))
    if person.phone:
        keys.append(("name+phone", person.name.strip(), "".join(c for c in person.phone if c.isdigit())))
    return keys


def find_repeats(cases: Iterable[Case]) -> dict[str, str]:
    """case id -> id of the earliest earlier case by the same person on the same topic."""
    first_seen: dict[tuple[str, ...], str] = {}
    repeats: dict[str, str] = {}
    for case in sorted(cases, key=lambda c: (c.received, c.id)):
        keys = [(*identity, case.topic) for identity in _identities(case)]
        earlier = next((first_seen[k] for k in keys if k in first_seen), None)
        if earlier is not None:
            repeats[case.id] = earlier
        for key in keys:
            first_seen.setdefault(key, case.id)
    return repeats
