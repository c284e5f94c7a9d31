"""The example stores show the numbers their READMEs state, and only their own pattern."""

from __future__ import annotations

from functools import cache

import pytest

from diagnoser.facts import derive_facts, facts_by_type
from tests.facts.bundles import EXAMPLES, read_bundle

EXAMPLE_NAMES = (
    "healthy-store",
    "high-landing-bounce",
    "return-driven-reverse-logistics",
    "missing-compliance-costs",
    "no-baseline",
    "single-vendor-lock-in",
    "cash-cycle-strain",
)
EU_UK = ("DE", "GB", "FR")


@cache
def facts(name: str) -> dict[str, list[dict]]:
    return facts_by_type(derive_facts(read_bundle(EXAMPLES / name)))


def get(example: str, fact_type: str, **match) -> dict:
    found = [f for f in facts(example)[fact_type] if all(f.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (example, fact_type, match)
    return found[0]


def near(value: float, digits: int = 4):
    """A README number written with ``digits`` decimals."""
    return pytest.approx(value, abs=0.51 * 10**-digits)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_has_a_readme_and_derives(name):
    folder = EXAMPLES / name
    assert (folder / "README.md").exists() and (folder / "store.yaml").exists()
    by_type = facts(name)
    assert len(by_type["market"]) == 4 and not by_type["data_quality"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_real_reader_gives_the_same_facts(name):
    load_bundle = pytest.importorskip("diagnoser.bundle").load_bundle
    real = derive_facts(load_bundle(EXAMPLES / name))
    ours = derive_facts(read_bundle(EXAMPLES / name))
    assert [f["id"] for f in real] == [f["id"] for f in ours]
    for a, b in zip(real, ours, strict=True):
        assert a.keys() == b.keys(), a["id"]
        for key, value in a.items():
            assert value == (
                pytest.approx(b[key], rel=1e-6) if isinstance(value, float) else b[key]
            ), (a["id"], key)


def test_healthy_store_is_healthy():
    name = "healthy-store"
    store, cash, history = (facts(name)[t][0] for t in ("store", "cash", "history"))
    assert store["revenue"] == near(488_352.56, 2) and store["margin_rate"] == near(0.2408)
    assert get(name, "channel", channel="amazon")["revenue_share"] == near(0.6508)
    for f in facts(name)["funnel"]:
        assert 0.35 <= f["bounce_rate"] <= 0.45
        assert f["bounce_rate"] == near(0.38 if f["channel"] == "amazon" else 0.42, 2)
        assert abs(f["delta_conversion_rate"]) < 0.001
    shop = get(name, "funnel", market="DE", channel="shopify")
    assert shop["conversion_rate"] == near(0.022, 3) and shop["add_to_cart_rate"] == near(0.10, 2)
    assert shop["checkout_completion"] == near(0.489, 3)
    margins = {"US": 0.2873, "DE": 0.2047, "GB": 0.1916, "FR": 0.1861}
    roas = {"US": (10.35, 2.60), "DE": (10.85, 3.37), "GB": (10.95, 3.53), "FR": (11.10, 3.62)}
    ltv_cac = {"US": 3.97, "DE": 3.22, "GB": 3.10, "FR": 3.07}
    returns = {"US": 0.0482, "DE": 0.0485, "GB": 0.0487, "FR": 0.0489}
    for m in facts(name)["market"]:
        code = m["market"]
        assert m["margin_rate"] == near(margins[code])
        assert (m["roas"], m["breakeven_roas"]) == (near(roas[code][0], 2), near(roas[code][1], 2))
        assert m["roas"] > 2 * m["breakeven_roas"]
        assert m["ltv_cac_ratio"] == near(ltv_cac[code], 2)
        assert m["return_rate"] == near(returns[code])
        assert (
            m["orders_growth"] == pytest.approx(0.087, abs=0.001)
            and abs(m["margin_rate_change"]) < 0.002
        )
        if code in EU_UK:
            assert m["cost_vat"] > 0 and m["cost_epr"] > 0 and m["cost_certification"] > 0
    compliance = {"DE": 0.1639, "GB": 0.1723, "FR": 0.1744}
    for code, share in compliance.items():
        assert get(name, "market", market=code)["compliance_share"] == near(share)
    de = get(name, "market", market="DE")
    assert (de["cost_vat"], de["cost_epr"], de["cost_certification"]) == (
        near(17_518.22, 2),
        194.4,
        270.0,
    )
    assert (
        history["months_of_data"],
        history["baselines_present"],
        history["baseline_metrics"],
    ) == (12, True, 5)
    assert cash["cash_positive"] is True and "runway_months" not in cash
    assert cash["monthly_burn"] == near(-79_609.49, 2)
    assert cash["settlement_gap_cost"] == near(190_746.77, 2) and cash["cash_cover_ratio"] == near(
        2.36, 2
    )
    assert (
        cash["settlement_days"],
        cash["max_settlement_days"],
        cash["cash_conversion_cycle"],
    ) == (
        near(10.16, 2),
        14.0,
        near(25.16, 2),
    )
    vendors = facts(name)["vendor"]
    assert max(v["spend_share"] for v in vendors) == near(0.046, 3)
    assert all(v["data_export_allowed"] for v in vendors)
    assert all(s["owned"] for s in facts(name)["stage"])


def test_high_landing_bounce():
    name = "high-landing-bounce"
    f = get(name, "funnel", market="DE", channel="shopify")
    assert f["bounce_rate"] == near(0.71, 2) and f["prev_bounce_rate"] == near(0.42, 2)
    assert f["delta_bounce_rate"] == near(0.29, 2)
    assert f["sessions"] == near(33_465.67, 2)
    assert f["engaged_conversion_rate"] == near(0.0379) and f["conversion_rate"] == near(0.0110)
    assert f["prev_conversion_rate"] == near(0.0220)
    assert (f["orders"], f["prev_orders"]) == (near(368.0, 2), near(677.33, 2))
    assert (f["aov"], f["ads"], f["roas"]) == (near(45.36, 2), near(4_007.53, 2), near(4.17, 2))
    de = get(name, "market", market="DE")
    assert de["margin_rate"] == near(0.1709) and de["prev_margin_rate"] == near(0.2041)
    assert de["breakeven_roas"] == near(3.58, 2)
    others = [x for x in facts(name)["funnel"] if (x["market"], x["channel"]) != ("DE", "shopify")]
    assert all(x["bounce_rate"] < 0.45 for x in others)


def test_return_driven_reverse_logistics():
    name = "return-driven-reverse-logistics"
    de = get(name, "market", market="DE")
    assert de["orders"] == near(3_644.67, 2) and de["orders_growth"] == near(0.4677)
    assert de["margin_rate"] == near(0.0409) and de["prev_margin_rate"] == near(0.2041)
    assert de["margin_rate_change"] == near(-0.1631)
    assert (de["contribution_margin"], de["prev_contribution_margin"]) == (
        near(6_062.83, 2),
        near(20_599.05, 2),
    )
    assert (de["return_rate"], de["prev_return_rate"]) == (near(0.2255), near(0.0486))
    assert (de["reverse_logistics_per_order"], de["prev_reverse_logistics_per_order"]) == (
        near(2.1922),
        near(0.2624),
    )
    assert (de["refunds_per_order"], de["prev_refunds_per_order"]) == (near(5.5004), near(0.6913))
    assert (de["returns_cost_per_order"], de["prev_returns_cost_per_order"]) == (
        near(7.6926),
        near(0.9537),
    )
    assert get(name, "funnel", market="DE", channel="amazon")["return_rate"] == near(0.2199)
    assert get(name, "funnel", market="DE", channel="shopify")["return_rate"] == near(0.2404)
    assert (de["roas"], de["breakeven_roas"]) == (near(10.85, 2), near(7.51, 2))
    for m in facts(name)["market"]:
        if m["market"] != "DE":
            assert m["return_rate"] < 0.05 and abs(m["margin_rate_change"]) < 0.002


def test_missing_compliance_costs():
    name = "missing-compliance-costs"
    expected = {
        "GB": ("UK", 1_963.33, 83_528.75, 0.3639),
        "FR": ("EU", 1_423.33, 55_869.12, 0.3605),
    }
    for code, (region, orders, revenue, margin) in expected.items():
        m = get(name, "market", market=code)
        assert (m["region"], m["orders"], m["revenue"]) == (
            region,
            near(orders, 2),
            near(revenue, 2),
        )
        assert (
            m["compliance_costs"] == 0.0
            and m["cost_vat"] == m["cost_epr"] == m["cost_certification"] == 0.0
        )
        assert m["margin_rate"] == near(margin)
        assert m["revenue"] * 0.21 == near({"GB": 17_541.04, "FR": 11_732.52}[code], 1)
    compliance_costs = {
        (c["market"], c["category"]) for c in facts(name)["cost"] if c["compliance"]
    }
    assert compliance_costs == {("DE", "vat"), ("DE", "epr"), ("DE", "certification")}
    de = get(name, "market", market="DE")
    assert de["compliance_costs"] == near(17_982.62, 2) and de["compliance_share"] == near(0.1639)
    assert facts(name)["store"][0]["best_market"] == "GB"


def test_no_baseline():
    name = "no-baseline"
    history = facts(name)["history"][0]
    assert (history["months_of_data"], history["first_period"], history["last_period"]) == (
        4,
        "2026-06",
        "2026-09",
    )
    assert history["baselines_present"] is False and history["baseline_metrics"] == 0
    assert (
        history["window_months"],
        history["prev_window_months"],
        history["has_previous_window"],
    ) == (3, 1, False)
    assert not facts(name)["baseline"]
    assert get(name, "market", market="DE")["orders_growth"] == near(0.0299)
    assert facts(name)["store"][0]["revenue"] == near(488_352.56, 2)


def test_single_vendor_lock_in():
    name = "single-vendor-lock-in"
    v = get(name, "vendor", name="Jinfan Cross-border Operations")
    assert (v["critical_services_count"], v["services_count"]) == (4, 5)
    assert v["data_export_allowed"] is False and (v["notice_days"], v["contract_months"]) == (
        180,
        24,
    )
    assert (v["monthly_fee"], v["cost_lines"], v["monthly_spend"]) == (
        15_000.0,
        near(70_308.78, 2),
        near(85_308.78, 2),
    )
    assert v["spend_share"] == near(0.2080)
    assert v["guaranteed_roi_claim"] is False and v["fees_itemised"] is True
    others = [o for o in facts(name)["vendor"] if o["name"] != v["name"]]
    assert all(o["data_export_allowed"] and o["critical_services_count"] == 0 for o in others)
    assert facts(name)["store"][0]["saas_tools_count"] == 0
    margins = {"US": 0.2373, "DE": 0.1547, "GB": 0.1416, "FR": 0.1361}
    for code, margin in margins.items():
        assert get(name, "market", market=code)["margin_rate"] == near(margin)


def test_cash_cycle_strain():
    name = "cash-cycle-strain"
    cash = facts(name)["cash"][0]
    assert cash["cash_on_hand"] == 45_000.0
    assert (cash["monthly_outgoings"], cash["monthly_revenue"]) == (
        near(274_429.47, 2),
        near(260_328.23, 2),
    )
    assert cash["monthly_burn"] == near(14_101.25, 2) and cash["cash_positive"] is False
    assert cash["runway_months"] == near(3.19, 2)
    assert (cash["settlement_days"], cash["max_settlement_days"], cash["slowest_channel"]) == (
        near(22.54, 2),
        30.0,
        "tiktok",
    )
    assert (cash["inventory_days"], cash["payable_days"]) == (110.0, 10.0)
    assert cash["cash_conversion_cycle"] == near(122.54, 2)
    assert cash["settlement_gap_cost"] == near(274_429.47, 2) and cash["cash_cover_ratio"] == near(
        0.164, 3
    )
    assert cash["working_capital_need"] == near(1_120_961.20, 2)
    shares = {
        c["channel"]: (c["settlement_days"], c["revenue_share"]) for c in facts(name)["channel"]
    }
    assert shares == {
        "amazon": (21.0, near(0.6104)),
        "shopify": (24.0, near(0.3276)),
        "tiktok": (30.0, near(0.0620)),
    }
    margins = {"US": 0.2826, "DE": 0.1969, "GB": 0.1782, "FR": 0.1718}
    for code, margin in margins.items():
        assert get(name, "market", market=code)["margin_rate"] == near(margin)
