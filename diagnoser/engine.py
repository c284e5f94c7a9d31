"""The one place that talks to durable-rules, and the traps it neutralises.

durable-rules 2.0.28 (see docs/engine.md) loses matches when facts are asserted in large
batches, de-duplicates facts without ids by a colliding hash, tests a negated pattern only
when the positive fact arrives, starts two timer threads per Host, raises when no rule
matches a fact, refuses a ruleset name registered twice, keeps at most 1,024 sessions per
ruleset (then raises MemoryError), and can crash the process in ``delete_state``. So:

1. facts are asserted one at a time;
2. every fact gets a unique, deterministic ``id`` (and the 255-property limit is checked),
   and its numbers are written without exponents (see :func:`engine_number`);
3. for each rule, every fact type the rule negates is asserted before the types it
   matches (the compiler refuses a rule that negates a type it also matches);
4. there is one Host per process, without its timer threads (the product uses no timers
   or queued actions; the threads would run actions behind the wrapper's back), and each
   compiled ruleset is registered once under a name derived from its definition;
5. each ruleset has one session, reused: after a run every asserted fact is retracted
   (matched types first, so no absence fires on the way out) instead of deleting the
   session, so memory and the session count stay flat over any number of stores;
6. exactly ``MessageNotHandledException`` is swallowed; every other exception surfaces;
7. a match reported once per true branch of an ``or`` is kept once.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from durable import engine as durable

from diagnoser.rules.compiler import CompiledRule

MAX_PROPERTIES = 255  # durable-rules refuses wider facts
RETRACT_BATCH = 1_000
SMALLEST_NUMBER = 1e-4  # Python writes smaller floats with an exponent
Fact = dict[str, Any]
Match = dict[str, str]  # rule alias → fact id


class EngineError(RuntimeError):
    """The engine failed on facts the wrapper believed valid: a bug, not a user error."""


def prepare_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Copy facts for the engine: drop empty values, sort canonically, assign unique ids.

    Sorting before numbering makes ids independent of input row order, so shuffled input
    gives the same ids, the same matches and the same report.
    """
    cleaned = [_clean(fact) for fact in facts]
    try:
        cleaned.sort(key=lambda f: (str(f.get("type")), tuple(f.values()), tuple(f)))
    except TypeError:  # facts whose fields differ in order or type: compare them as text
        cleaned.sort(key=lambda f: (str(f.get("type")), json.dumps(f, sort_keys=True, default=str)))
    counters: dict[str, itertools.count[int]] = {}
    for fact in cleaned:
        kind = str(fact.get("type"))
        fact["id"] = f"{kind}-{next(counters.setdefault(kind, itertools.count(1))):06d}"
        fact["sid"] = Engine.SESSION  # the one reusable session (so no copy per assertion)
    return cleaned


def _clean(fact: Fact) -> Fact:
    """The fact without ids and empty values, every value a JSON scalar the engine reads."""
    clean: Fact = {}
    for key, value in fact.items():
        kind = type(value)
        if key == "id" or key == "sid" or value is None:
            continue
        if kind is str or kind is int or kind is bool:
            clean[key] = value
        elif kind is float:
            if math.isfinite(value):
                clean[key] = (
                    value if 1e-4 <= abs(value) < 1e15 or value == 0 else engine_number(value)
                )
        else:
            if hasattr(value, "item"):
                value = value.item()  # numpy scalar
            if isinstance(value, float):
                if not math.isfinite(value):
                    continue
                value = engine_number(value)
            clean[key] = value
    if len(clean) + 2 > MAX_PROPERTIES:
        raise EngineError(
            f"a {clean.get('type')} fact has {len(clean)} fields; durable-rules allows {MAX_PROPERTIES - 2}"
        )
    return clean


def engine_number(value: float) -> float | int:
    """A float that Python prints without an exponent (durable-rules cannot parse ``5e-06``).

    Magnitudes under 1e-4 are rounding noise in derived facts and become 0.0; magnitudes
    of 1e15 and more become integers.
    """
    if value != 0 and abs(value) < SMALLEST_NUMBER:
        return 0.0
    if abs(value) >= 1e15:
        return round(value)
    return value


def assertion_order(rule: CompiledRule, facts_by_type: dict[str, list[Fact]]) -> list[Fact]:
    """The facts one rule sees, negated types first so absences are tested against them."""
    negated = sorted(set(rule.rule.negated_types))
    positive = sorted(set(rule.rule.positive_types))
    return [fact for kind in [*negated, *positive] for fact in facts_by_type.get(kind, [])]


class _QuietHost(durable.Host):
    """A Host without the two perpetual timer threads (durable timers are never used)."""

    def _run(self) -> None:
        return None


class Engine:
    """Process-wide durable-rules host: rulesets registered once, one reusable session each."""

    _instance: Engine | None = None
    _instance_lock = threading.Lock()
    SESSION = "diagnoser"

    def __init__(self) -> None:
        self._host = _QuietHost()
        self._registered: set[str] = set()
        self._generation: dict[str, int] = {}
        self._found: list[dict[str, Any]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def shared(cls) -> Engine:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _on_match(self, closure: Any) -> None:
        if self._found is not None:  # None while the session is being emptied
            self._found.append({alias: fact["id"] for alias, fact in closure._m.items()})

    def _ruleset_name(self, rule: CompiledRule) -> str:
        generation = self._generation.get(rule.name, 0)
        name = rule.name if generation == 0 else f"{rule.name}.{generation}"
        if name not in self._registered:
            definition = json.loads(json.dumps(rule.definition))
            definition["run"] = self._on_match
            self._host.register_rulesets({name: {"r": definition}})
            self._registered.add(name)
        return name

    def run(self, rule: CompiledRule, facts: Sequence[Fact]) -> list[Match]:
        """Assert ``facts`` (already ordered) into the rule's session; return the matches."""
        with self._lock:
            name = self._ruleset_name(rule)
            asserted: list[Fact] = []
            found: list[dict[str, str]] = []
            self._found = found
            assert_fact = self._host.assert_fact
            try:
                for fact in facts:
                    if fact.get("sid") != self.SESSION:
                        fact = {**fact, "sid": self.SESSION}
                    try:
                        assert_fact(name, fact)
                    except durable.MessageNotHandledException:
                        continue
                    except durable.MessageObservedException as exc:
                        raise EngineError(f"durable-rules saw fact {fact.get('id')} twice") from exc
                    asserted.append(fact)
            finally:
                self._found = None
                self._empty_session(rule, name, asserted)
        # durable-rules reports a match once per true branch of an `or`: keep each set of facts once.
        unique: dict[tuple[tuple[str, str], ...], Match] = {}
        for match in found:
            ids = {rule.aliases[a]: fact_id for a, fact_id in match.items() if a in rule.aliases}
            unique.setdefault(tuple(sorted(ids.items())), ids)
        return list(unique.values())

    def session_facts(self, rule: CompiledRule) -> list[dict[str, Any]]:
        """What the rule's session still holds (empty between runs); for tests."""
        with self._lock:
            name = self._ruleset_name(rule)
            try:
                return list(self._host.get_facts(name, self.SESSION))
            except Exception:  # durable raises when the session was never created
                return []

    def _empty_session(self, rule: CompiledRule, name: str, asserted: list[Fact]) -> None:
        negated = set(rule.rule.negated_types)
        ordered = sorted(asserted, key=lambda f: f["type"] in negated)
        try:
            # Batches are safe here: no match is collected while emptying (trap 1 loses matches).
            for start in range(0, len(ordered), RETRACT_BATCH):
                with contextlib.suppress(durable.MessageNotHandledException):
                    self._host.retract_facts(name, ordered[start : start + RETRACT_BATCH])
        except Exception:
            # The session may hold stale facts: the next run of this rule uses a new ruleset.
            self._generation[rule.name] = self._generation.get(rule.name, 0) + 1
            raise
