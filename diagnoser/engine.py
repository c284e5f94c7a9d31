"""The one place that talks to durable-rules, and the traps it neutralises.

durable-rules 2.0.28 (see docs/engine.md) loses matches when facts are asserted in large
batches, de-duplicates facts without ids by a colliding hash, tests a negated pattern only
when the positive fact arrives, starts two timer threads per Host, raises when no rule
matches a fact, and refuses a ruleset name registered twice. This wrapper therefore:

1. asserts facts one at a time;
2. gives every fact a unique, deterministic ``id`` (and checks the 255-property limit);
3. asserts, for each rule, every fact type the rule negates before the types it matches
   (the compiler refuses a rule that negates a type it also matches);
4. keeps one Host per process and registers each compiled ruleset once, under a name
   derived from its definition, using one session id per evaluation;
5. swallows exactly ``MessageNotHandledException``; every other exception surfaces.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from durable import engine as durable

from diagnoser.rules.compiler import CompiledRule

MAX_PROPERTIES = 255  # durable-rules refuses wider facts
Fact = dict[str, Any]
Match = dict[str, str]  # rule alias → fact id


class EngineError(RuntimeError):
    """The engine failed on facts the wrapper believed valid: a bug, not a user error."""


def prepare_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Copy facts for the engine: drop empty values, sort canonically, assign unique ids.

    Sorting before numbering makes ids independent of input row order, so shuffled input
    gives the same ids, the same matches and the same report.
    """
    cleaned: list[Fact] = []
    for fact in facts:
        clean = {k: _plain(v) for k, v in fact.items() if k not in ("id", "sid") and not _empty(v)}
        if len(clean) + 2 > MAX_PROPERTIES:
            raise EngineError(f"a {clean.get('type')} fact has {len(clean)} fields; durable-rules allows {MAX_PROPERTIES - 2}")
        cleaned.append(clean)
    cleaned.sort(key=lambda f: (str(f.get("type")), json.dumps(f, sort_keys=True, ensure_ascii=False, default=str)))
    counters: dict[str, itertools.count[int]] = {}
    for fact in cleaned:
        kind = str(fact.get("type"))
        fact["id"] = f"{kind}-{next(counters.setdefault(kind, itertools.count(1))):06d}"
    return cleaned


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any) -> Any:
    """numpy scalars → Python scalars (the engine takes JSON)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def assertion_order(rule: CompiledRule, facts_by_type: dict[str, list[Fact]]) -> list[Fact]:
    """The facts one rule sees, negated types first so absences are tested against them."""
    negated = sorted(set(rule.rule.negated_types))
    positive = sorted(set(rule.rule.positive_types))
    return [fact for kind in [*negated, *positive] for fact in facts_by_type.get(kind, [])]


class Engine:
    """Process-wide durable-rules host: rulesets registered once, one session per run."""

    _instance: Engine | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self._host = durable.Host()
        self._registered: set[str] = set()
        self._matches: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._sessions = itertools.count(1)

    @classmethod
    def shared(cls) -> Engine:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _on_match(self, closure: Any) -> None:
        matched = closure._m  # alias → matched fact (the negated aliases are absent)
        self._matches[closure.s.sid].append({alias: dict(fact) for alias, fact in matched.items()})

    def _ensure(self, rule: CompiledRule) -> None:
        if rule.name in self._registered:
            return
        definition = json.loads(json.dumps(rule.definition))
        definition["run"] = self._on_match
        self._host.register_rulesets({rule.name: {"r": definition}})
        self._registered.add(rule.name)

    def run(self, rule: CompiledRule, facts: Sequence[Fact]) -> list[Match]:
        """Assert ``facts`` (already ordered) into a fresh session; return the matches."""
        with self._lock:
            self._ensure(rule)
            sid = f"s{next(self._sessions)}"
            self._matches[sid] = []
            try:
                for fact in facts:
                    try:
                        self._host.assert_fact(rule.name, {**fact, "sid": sid})
                    except durable.MessageNotHandledException:
                        pass
                    except durable.MessageObservedException as exc:
                        raise EngineError(f"durable-rules saw fact {fact.get('id')} twice") from exc
                found = self._matches[sid]
            finally:
                self._matches.pop(sid, None)
                try:
                    self._host.delete_state(rule.name, sid)
                except Exception:  # no state was created when no fact was asserted
                    pass
        return [
            {rule.aliases[engine_alias]: fact["id"] for engine_alias, fact in match.items() if engine_alias in rule.aliases}
            for match in found
        ]
