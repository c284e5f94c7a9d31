"""``diagnoser rules docs``: the rule catalog, a page per rule like ruff's rule pages.

Each page says what the rule checks, why it matters and how to fix it, lists its params
with defaults and sources, and shows an example built by running the rule's own first
firing inline test through the engine, so the example cannot drift from the rule.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment

from diagnoser.evaluate import evaluate_rules
from diagnoser.findings import FindingContext, build_finding
from diagnoser.rules.compiler import CompiledRule, compile_rule
from diagnoser.rules.params import describe
from diagnoser.rules.ruleset import RuleSet

_ENV = Environment(
    autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
)
PAGE = _ENV.from_string("""\
# {{ spec.id }} · {{ spec.title.en }}

{{ spec.title.zh }}

| | |
|---|---|
| pattern | `{{ spec.pattern }}` |
| stage | {{ spec.stage }} |
| severity | {{ spec.severity }} |
| owner | {{ spec.owner }} |
| source | {{ rule.source }} (`{{ rule.path.name }}`) |

{% for heading, key in [("What it checks", "what"), ("Why it matters", "why"), ("How to fix it", "fix")] %}
## {{ heading }}
{% set text = spec.docs[key] if spec.docs and spec.docs[key] else None %}
{% if text %}
{{ text.en }}

{{ text.zh }}
{% elif key == "fix" %}
{% for step in spec.remediation.en %}
1. {{ step }}
{% endfor %}
{% else %}
{{ spec.title.en }}.
{% endif %}

{% endfor %}
## Conditions

```yaml
when:
{% for b in rule.bindings %}
  - {{ "no " if b.negated else "" }}{{ b.type }} {{ b.alias }}: {{ b.text or "" }}
{% endfor %}
```

## Params

| param | default | source |
|---|---|---|
{% for p in params %}
| `{{ p.name }}` | `{{ p.value }}` | {{ p.source }} |
{% endfor %}

## Monthly impact

{% if spec.impact %}`{{ spec.impact }}`{% else %}No amount.{% endif %}
{% if spec.impact_basis %} — {{ spec.impact_basis.en }} / {{ spec.impact_basis.zh }}{% endif %}


## Remediation

{% for step in spec.remediation.en %}
- {{ step }}
{% endfor %}

{% for step in spec.remediation.zh %}
- {{ step }}
{% endfor %}
{% if example %}

## Example

Facts (test “{{ example.name }}”):

```json
{{ example.facts }}
```

Finding: **{{ example.en }}**

发现：**{{ example.zh }}**
{% endif %}
""")
INDEX = _ENV.from_string("""\
# Rule catalog

{{ rules | length }} rules. Each page says what the rule checks, why it matters, how to fix it, and where its thresholds come from.

| id | pattern | stage | severity | title | 标题 |
|---|---|---|---|---|---|
{% for r in rules %}
| [{{ r.spec.id }}]({{ r.spec.id }}.md) | `{{ r.spec.pattern }}` | {{ r.spec.stage }} | {{ r.spec.severity }} | {{ r.spec.title.en }} | {{ r.spec.title.zh }} |
{% endfor %}
""")


def write_catalog(rule_set: RuleSet, output: Path) -> int:
    output.mkdir(parents=True, exist_ok=True)
    for compiled in rule_set.rules:
        rule = compiled.rule
        params = [
            {
                "name": name,
                "value": json.dumps(describe(value), ensure_ascii=False),
                "source": rule_set.param_sources.get((rule.id, name), "rule default"),
            }
            for name, value in compiled.params.items()
        ]
        page = PAGE.render(spec=rule.spec, rule=rule, params=params, example=_example(compiled))
        (output / f"{rule.id}.md").write_text(page, encoding="utf-8")
    (output / "index.md").write_text(
        INDEX.render(rules=[c.rule for c in rule_set.rules]), encoding="utf-8"
    )
    return len(rule_set.rules)


def _example(compiled: CompiledRule) -> dict[str, Any] | None:
    rule = compiled.rule
    test = next((t for t in rule.spec.tests if t.expect), None)
    if test is None:
        return None
    params, _ = rule.resolved_params(test.params)
    example = compile_rule(rule, params)
    outcome = evaluate_rules([example], [dict(f) for f in test.facts])[0]
    if not outcome.matches:
        return None
    match = outcome.matches[0]
    texts = {
        lang: build_finding(example, match, FindingContext(lang=lang)).summary
        for lang in ("en", "zh")
    }
    return {
        "name": test.name,
        "facts": json.dumps(test.facts, ensure_ascii=False, indent=2),
        **texts,
    }
