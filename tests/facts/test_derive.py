"""derive_facts on small synthetic bundles built directly from DataFrames."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from diagnoser.bundle.model import Bundle
from diagnoser.bundle.profile import StoreProfile
from diagnoser.errors import Problem
from diagnoser.facts import (
    FACT_MODELS,
    FACT_TYPES,
    catalog_rows,
    derive_facts,
    facts_by_type,
    render_catalog,
)
from diagnoser.facts.catalog import field_labels


def approx(expected, **kw):
    """Facts are rounded (ratios to 6 decimals, money to 2), so compare to that precision."""
    kw.setdefault("abs", 1e-6)
    return pytest.approx(expected, **kw)


PERIODS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def funnel_rows(
    periods=PERIODS, markets=("US", "DE"), channels=("amazon", "shopify"), **overrides
) -> pd.DataFrame:
    idx = pd.MultiIndex.from_product(
        [periods, markets, channels], names=["period", "market", "channel"]
    )
    f = idx.to_frame(index=False)
    later = f["period"] >= "2026-04"
    orders = np.where(later, 120.0, 100.0)
    f = f.assign(
        impressions=100_000.0,
        clicks=2_000.0,
        sessions=1_000.0 * np.where(later, 1.2, 1.0),
        bounced_sessions=400.0,
        add_to_cart=200.0,
        checkouts=150.0,
        orders=orders,
        revenue=orders * 40.0,
        fulfilled_orders=orders,
        returned_orders=orders * 0.05,
        reviews=orders * 0.1,
        new_customers=orders * 0.75,
        repeat_orders=orders * 0.25,
        referral_orders=orders * 0.02,
    )
    for column, value in overrides.items():
        f[column] = value
    return f


def cost_rows(
    periods=PERIODS, markets=("US", "DE"), lines=(("ads", 400.0), ("cogs", 2000.0))
) -> pd.DataFrame:
    rows = [
        {
            "period": p,
            "market": m,
            "channel": "",
            "category": cat,
            "amount": amount,
            "currency": "USD",
            "vendor": "",
        }
        for p in periods
        for m in markets
        for cat, amount in lines
    ]
    return pd.DataFrame(rows)


def profile(**kw) -> StoreProfile:
    base = {
        "name": "Test",
        "markets": [{"code": "US"}, {"code": "DE"}],
        "settlement_days": {"amazon": 14, "shopify": 2},
    }
    return StoreProfile.model_validate(base | kw)


def derive(funnel=None, costs=None, window_months=3, **kw):
    bundle = Bundle(
        store=kw.pop("store", profile()),
        funnel=funnel if funnel is not None else funnel_rows(),
        costs=costs if costs is not None else cost_rows(),
        **kw,
    )
    return facts_by_type(derive_facts(bundle, window_months=window_months))


def one(facts, fact_type, **match):
    found = [f for f in facts[fact_type] if all(f.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (fact_type, match, found)
    return found[0]


def test_market_monthly_values_and_changes():
    facts = derive()
    de = one(facts, "market", market="DE")
    assert de["region"] == "EU" and de["months"] == 3
    assert de["orders"] == 240.0  # 2 channels × 120 per month
    assert de["revenue"] == 9600.0
    assert de["prev_orders"] == 200.0 and de["orders_growth"] == approx(0.2)
    assert de["cost_ads"] == 400.0 and de["cost_vat"] == 0.0
    assert de["total_costs"] == 2400.0
    assert de["contribution_margin"] == 7200.0 and de["margin_rate"] == 0.75
    assert de["prev_margin_rate"] == approx(5600 / 8000)
    assert de["margin_rate_change"] == approx(0.75 - 0.7)
    assert de["roas"] == 24.0
    assert de["breakeven_roas"] == approx(1 / ((7200 + 400) / 9600), rel=1e-4)
    assert de["cac"] == approx(400 / 180, abs=0.01) and de["cac_basis"] == "new_customers"
    assert de["return_rate"] == approx(0.05)
    assert de["compliance_costs"] == 0.0 and de["compliance_share"] == 0.0
    assert de["currency"] == "EUR"


def test_ltv_formula_from_funnel_repeat_rate():
    de = one(derive(), "market", market="DE")
    # orders per customer = 1 / (1 − repeat_rate); LTV = AOV × margin before ads × that
    assert de["orders_per_customer"] == approx(1 / 0.75, rel=1e-5)
    assert de["ltv"] == approx(40 * (7600 / 9600) * (1 / 0.75), abs=0.01)
    assert de["ltv_basis"] == "funnel"


def test_funnel_rates_with_prev_and_delta():
    f = funnel_rows()
    f.loc[
        (f["market"] == "DE") & (f["channel"] == "shopify") & (f["period"] >= "2026-04"),
        "bounced_sessions",
    ] = 840.0
    fact = one(derive(f), "funnel", market="DE", channel="shopify")
    assert fact["bounce_rate"] == approx(0.7)
    assert fact["prev_bounce_rate"] == approx(0.4)
    assert fact["delta_bounce_rate"] == approx(0.3)
    assert fact["ctr"] == approx(0.02)
    assert fact["add_to_cart_rate"] == approx(200 / 1200)
    assert fact["checkout_rate"] == approx(0.75)
    assert fact["checkout_completion"] == approx(0.8)
    assert fact["conversion_rate"] == approx(0.1)
    assert fact["engaged_conversion_rate"] == approx(120 / 360)
    assert fact["repeat_rate"] == approx(0.25) and fact["referral_rate"] == approx(0.02)
    assert fact["months"] == 3 and fact["first_period"] == "2026-01"


def test_rate_omitted_when_denominator_is_zero_or_unknown():
    f = funnel_rows()
    f.loc[f["market"] == "US", "sessions"] = 0.0
    f.loc[f["market"] == "US", "impressions"] = np.nan
    facts = derive(f)
    us = one(facts, "funnel", market="US", channel="amazon")
    assert "conversion_rate" not in us and "bounce_rate" not in us and "ctr" not in us
    assert "impressions" not in us
    assert all(v is not None for fact in facts["funnel"] for v in fact.values())


def test_bounce_rate_column_fills_missing_bounced_sessions():
    f = funnel_rows().drop(columns=["bounced_sessions"])
    f["bounced_sessions"] = np.nan
    f["bounce_rate"] = 0.55
    fact = one(derive(f), "funnel", market="DE", channel="amazon")
    assert fact["bounce_rate"] == approx(0.55)


def test_cost_facts_only_for_present_categories_and_shared_lines():
    costs = pd.concat(
        [
            cost_rows(lines=(("ads", 400.0), ("vat", 900.0))),
            cost_rows(markets=("ALL",), lines=(("saas", 300.0),)).assign(vendor="ERP Co"),
        ]
    )
    facts = derive(costs=costs)
    keys = {(c["market"], c["category"]) for c in facts["cost"]}
    assert keys == {("DE", "ads"), ("DE", "vat"), ("US", "ads"), ("US", "vat"), ("ALL", "saas")}
    vat = one(facts, "cost", market="DE", category="vat")
    assert vat["amount"] == 900.0 and vat["compliance"] is True and vat["group"] == "compliance"
    assert vat["share_of_revenue"] == approx(900 / 9600)
    assert vat["prev_amount"] == 900.0 and vat["amount_growth"] == 0.0
    store = facts["store"][0]
    assert store["shared_costs"] == 300.0
    assert store["total_costs"] == approx(2 * 1300 + 300)
    assert one(facts, "market", market="DE")["compliance_costs"] == 900.0
    vendor = one(facts, "vendor", name="ERP Co")
    assert vendor["in_profile"] is False and vendor["cost_lines"] == 300.0


def test_channel_shares_and_store_top_channel():
    f = funnel_rows()
    f.loc[f["channel"] == "amazon", "revenue"] *= 3
    facts = derive(f)
    shares = {c["channel"]: c["revenue_share"] for c in facts["channel"]}
    assert sum(shares.values()) == approx(1.0)
    assert shares["amazon"] == approx(0.75)
    store = facts["store"][0]
    assert store["top_channel"] == "amazon" and store["top_channel_share"] == approx(0.75)
    assert one(facts, "channel", channel="amazon")["settlement_days"] == 14.0


def test_channel_ads_and_roas_on_funnel_facts():
    costs = cost_rows(lines=(("cogs", 100.0),))
    ads = cost_rows(lines=(("ads", 240.0),)).assign(channel="shopify")
    fact = one(derive(costs=pd.concat([costs, ads])), "funnel", market="DE", channel="shopify")
    assert fact["ads"] == 240.0 and fact["roas"] == approx(4800 / 240)
    assert "ads" not in one(
        derive(costs=pd.concat([costs, ads])), "funnel", market="DE", channel="amazon"
    )


def test_vendor_lock_in_fields():
    store = profile(
        vendors=[
            {
                "name": "Acme Ops",
                "services": ["operations", "ads_accounts", "erp", "customer_service"],
                "monthly_fee": 1000,
                "data_export_allowed": False,
                "contract_months": 24,
                "notice_days": 180,
            },
        ]
    )
    costs = pd.concat(
        [
            cost_rows(),
            cost_rows(lines=(("agency", 500.0), ("other", 100.0))).assign(vendor="acme ops"),
        ]
    )
    v = one(derive(costs=costs, store=store), "vendor", name="Acme Ops")
    assert v["critical_services_count"] == 3 and v["services_count"] == 4
    assert v["cost_lines"] == 1200.0 and v["other_charges"] == 200.0
    assert v["monthly_spend"] == 2200.0
    assert v["spend_share"] == approx(2200 / (2 * 3000 + 1000))
    assert v["data_export_allowed"] is False and v["notice_days"] == 180


def test_cash_runway_only_when_burning():
    healthy = derive(
        store=profile(
            cash_on_hand=50_000, monthly_fixed_costs=1000, inventory_days=60, payable_days=30
        )
    )
    cash = healthy["cash"][0]
    assert cash["cash_positive"] is True and "runway_months" not in cash
    assert cash["max_settlement_days"] == 14.0 and cash["slowest_channel"] == "amazon"
    assert cash["settlement_days"] == approx(8.0)  # revenue-weighted 14 and 2, equal revenue
    assert cash["cash_conversion_cycle"] == approx(8 + 60 - 30)
    assert cash["settlement_gap_cost"] == approx((4800 + 1000) * 14 / 30, abs=0.01)
    burning = derive(store=profile(cash_on_hand=50_000, monthly_fixed_costs=30_000))["cash"][0]
    assert burning["monthly_burn"] == approx(4800 + 30_000 - 19_200)
    assert burning["runway_months"] == approx(50_000 / 15_600, abs=0.01)
    assert "cash_conversion_cycle" not in burning  # inventory and payable days unknown


def test_history_gaps_and_baselines():
    f = funnel_rows(periods=["2026-01", "2026-02", "2026-04", "2026-05"])
    baselines = pd.DataFrame(
        {
            "metric": ["conversion_rate", "margin_rate", "unknown_metric"],
            "market": ["DE", "DE", None],
            "channel": ["shopify", None, None],
            "value": [0.08, 0.5, 1.0],
        }
    )
    facts = derive(
        f,
        costs=cost_rows(periods=["2026-01", "2026-02", "2026-04", "2026-05"]),
        baselines=baselines,
    )
    history = facts["history"][0]
    assert history["months_of_data"] == 4 and history["period_gaps"] == 1
    assert history["baselines_present"] is True and history["baseline_metrics"] == 3
    assert history["has_previous_window"] is False
    conv = one(facts, "baseline", metric="conversion_rate")
    assert (
        conv["scope"] == "funnel" and conv["actual"] == approx(0.1) and conv["gap"] == approx(0.02)
    )
    assert one(facts, "baseline", metric="margin_rate")["scope"] == "market"
    missing = one(facts, "baseline", metric="unknown_metric")
    assert missing["found"] is False and "actual" not in missing
    gaps = [d for d in facts["data_quality"] if d["kind"] == "period_gap"]
    assert len(gaps) == 4 and gaps[0]["count"] == 1


def test_no_history_means_no_baseline_facts():
    facts = derive(funnel_rows(periods=PERIODS[-2:]), costs=cost_rows(periods=PERIODS[-2:]))
    history = facts["history"][0]
    assert history["months_of_data"] == 2 and history["baselines_present"] is False
    assert history["window_months"] == 2 and history["prev_window_months"] == 0
    de = one(facts, "market", market="DE")
    assert "prev_orders" not in de and "orders_growth" not in de


def test_data_quality_reconciliation_and_bundle_warnings():
    f = funnel_rows()
    f.loc[(f["market"] == "US") & (f["channel"] == "amazon"), "sessions"] = 50.0
    warning = Problem(
        severity="warning",
        code="blank_cells",
        message="3 blank cells",
        column="reviews",
        file="funnel.csv",
    )
    facts = derive(f, warnings=[warning])
    dq = facts["data_quality"]
    low = one(facts, "data_quality", kind="sessions_below_orders")
    assert (low["market"], low["channel"], low["count"], low["period"]) == (
        "US",
        "amazon",
        6,
        "2026-06",
    )
    assert low["value"] == 50.0 and low["expected"] == 120.0
    assert (
        dq[-1]["kind"] == "blank_cells"
        and dq[-1]["source"] == "bundle"
        and dq[-1]["metric"] == "reviews"
    )


def test_orders_export_gives_repeat_rate_ltv_and_reconciliation():
    f = funnel_rows(markets=("DE",), channels=("shopify",))
    n = int(f["orders"].sum())
    rng = np.random.default_rng(0)
    periods = np.repeat(f["period"].to_numpy(), f["orders"].astype(int).to_numpy())
    orders = pd.DataFrame(
        {
            "order_id": np.arange(n).astype(str),
            "date": pd.Series(periods) + "-15",
            "market": "de",
            "channel": "Shopify",
            "customer_id": rng.integers(0, n // 2, n).astype(str),
            "revenue": 40.0,
        }
    )
    orders.loc[orders.index[-30:], "market"] = (
        "FR"  # 30 orders of June in the export belong elsewhere
    )
    store = profile(markets=[{"code": "DE"}])
    facts = derive(f, costs=cost_rows(markets=("DE",)), store=store, orders=orders)
    de = one(facts, "market", market="DE")
    customers = orders[orders["market"] == "de"]["customer_id"].nunique()
    de_orders = int((orders["market"] == "de").sum())
    assert de["ltv_basis"] == "orders_export"
    assert de["orders_per_customer"] == approx(de_orders / customers, rel=1e-5)
    assert de["repeat_rate"] == approx(1 - customers / de_orders, rel=1e-5)
    mismatch = one(facts, "data_quality", kind="orders_mismatch")
    assert (
        mismatch["period"] == "2026-06"
        and mismatch["value"] == 90.0
        and mismatch["expected"] == 120.0
    )
    assert facts["history"][0]["orders_export_present"] is True


def test_datetime_order_dates_give_the_same_facts():
    f = funnel_rows(markets=("DE",), channels=("shopify",))
    orders = pd.DataFrame(
        {
            "order_id": ["1", "2", "3"],
            "date": ["2026-05-01", "2026-06-02", "2026-06-03"],
            "market": "DE",
            "channel": "shopify",
            "customer_id": ["a", "a", "b"],
            "revenue": 40.0,
        }
    )
    as_dt = orders.assign(date=pd.to_datetime(orders["date"]))
    kw = {"costs": cost_rows(markets=("DE",)), "store": profile(markets=[{"code": "DE"}])}
    assert derive(f, orders=orders, **kw) == derive(f, orders=as_dt, **kw)


def test_launch_in_data_without_pilot():
    f = funnel_rows()
    f = f[~((f["market"] == "DE") & (f["channel"] == "shopify") & (f["period"] < "2026-03"))]
    ads = cost_rows(lines=(("ads", 3000.0),)).assign(channel="shopify")
    ads = ads[~((ads["market"] == "DE") & (ads["period"] < "2026-03"))]
    store = profile(
        pilots=[{"market": "US", "channel": "shopify", "start": "2025-01", "budget": 500}]
    )
    facts = derive(f, costs=ads, store=store)
    de = one(facts, "funnel", market="DE", channel="shopify")
    assert (
        de["launched_in_data"] is True
        and de["has_pilot"] is False
        and de["first_period"] == "2026-03"
    )
    assert de["launch_ads_monthly"] == 3000.0
    us = one(facts, "funnel", market="US", channel="shopify")
    assert (
        us["launched_in_data"] is False
        and us["has_pilot"] is True
        and "launch_ads_monthly" not in us
    )
    assert one(facts, "pilot", market="US")["before_launch"] is True


def test_stage_owners_and_store_counts():
    facts = derive(store=profile(stage_owners={"traffic": "ads team", "repeat": "CS"}))
    store = facts["store"][0]
    assert store["stage_owners_count"] == 2 and store["unowned_stages"] == 4
    assert [s["stage"] for s in facts["stage"]] == [
        "traffic",
        "landing",
        "conversion",
        "fulfilment",
        "repeat",
        "referral",
    ]
    assert one(facts, "stage", stage="repeat")["owner"] == "CS"


def test_saas_tool_facts():
    store = profile(
        saas_tools=[{"name": "ERP", "monthly_fee": 960, "seats": 10, "active_users": 3}]
    )
    facts = derive(store=store)
    tool = one(facts, "saas_tool", name="ERP")
    assert tool["unused_seats"] == 7 and tool["seat_utilisation"] == 0.3
    assert tool["fee_share_of_revenue"] == approx(960 / 19200)
    assert facts["store"][0]["saas_spend"] == 960.0


def test_shuffled_rows_give_identical_facts():
    f, c = funnel_rows(), cost_rows()
    first = derive_facts(Bundle(store=profile(), funnel=f, costs=c))
    shuffled = derive_facts(
        Bundle(
            store=profile(),
            funnel=f.sample(frac=1, random_state=3),
            costs=c.sample(frac=1, random_state=4),
        )
    )
    assert first == shuffled


def test_every_fact_matches_its_catalog_model_and_stays_narrow():
    facts = derive_facts(
        Bundle(store=profile(vendors=[{"name": "A"}]), funnel=funnel_rows(), costs=cost_rows())
    )
    assert len({f["id"] for f in facts}) == len(facts)
    for fact in facts:
        FACT_MODELS[fact["type"]].model_validate(fact)
        assert len(fact) < 100
        assert all(isinstance(v, str | int | float | bool) for v in fact.values()), fact
    for model in FACT_MODELS.values():
        assert len(model.model_fields) < 100


def test_window_months_is_configurable():
    facts = derive(window_months=2)
    de = one(facts, "market", market="DE")
    assert de["months"] == 2 and de["prev_orders"] == 220.0  # March (200) and April (240)
    assert facts["store"][0]["window_start"] == "2026-05"
    with pytest.raises(ValueError):
        derive(window_months=0)


def test_a_100k_order_bundle_uses_the_orders_for_repeat_and_ltv():
    """Speed is measured by benchmarks/bundle.py, not asserted here (wall clock is flaky)."""
    markets = ("US", "DE", "GB", "FR", "IT", "ES")
    periods = [f"{2025 + i // 12}-{i % 12 + 1:02d}" for i in range(12)]
    f = funnel_rows(periods=periods, markets=markets, channels=("amazon", "shopify", "tiktok"))
    n = 100_000
    rng = np.random.default_rng(1)
    orders = pd.DataFrame(
        {
            "order_id": np.arange(n).astype(str),
            "date": rng.choice(np.array(periods, dtype=object), n) + "-01",
            "market": rng.choice(markets, n),
            "channel": rng.choice(["amazon", "shopify", "tiktok"], n),
            "customer_id": rng.integers(0, 40_000, n).astype(str),
            "revenue": 40.0,
        }
    )
    bundle = Bundle(
        store=profile(), funnel=f, costs=cost_rows(periods=periods, markets=markets), orders=orders
    )
    facts = facts_by_type(derive_facts(bundle))
    assert len(facts["funnel"]) == 18
    assert {m["ltv_basis"] for m in facts["market"]} == {"orders_export"}
    assert all(0 < m["repeat_rate"] < 1 for m in facts["market"])


def test_tiny_values_are_engine_safe():
    """durable-rules rejects exponent notation; Python writes floats below 1e-4 that way."""
    f = funnel_rows()
    f.loc[(f["period"] >= "2026-04") & (f["market"] == "US"), "clicks"] = 2_000.1  # ctr +5e-7
    facts = derive_facts(Bundle(store=profile(), funnel=f, costs=cost_rows()))
    text = json.dumps(facts)
    assert "e-" not in text and "e+" not in text
    us = next(x for x in facts if x["id"] == "funnel:US:amazon")
    assert us["delta_ctr"] == 0.0


def test_catalog_documents_every_field():
    rows = catalog_rows()
    assert {r["type"] for r in rows} == set(FACT_TYPES)
    assert all(r["unit"] and r["meaning"] for r in rows)
    zh = render_catalog("zh")
    assert "事实目录" in zh and "## `market`" in zh and "跳出率" in zh
    en = render_catalog()
    for name in (
        "cost_vat",
        "compliance_share",
        "runway_months",
        "critical_services_count",
        "period_gaps",
    ):
        assert f"`{name}`" in en
    labels, units = field_labels()
    assert (
        labels["bounce_rate"] == {"en": "bounce rate", "zh": "跳出率"}
        and units["revenue"] == "money/month"
    )


def test_empty_bundle_still_gives_store_history_and_cash():
    from diagnoser.bundle.model import COST_COLUMNS, FUNNEL_COLUMNS

    empty = Bundle(
        store=profile(cash_on_hand=10),
        funnel=pd.DataFrame(columns=list(FUNNEL_COLUMNS)),
        costs=pd.DataFrame(columns=list(COST_COLUMNS)),
    )
    facts = facts_by_type(derive_facts(empty))
    assert facts["history"][0]["months_of_data"] == 0 and not facts["market"]
    assert facts["store"][0]["markets_count"] == 0 and facts["cash"][0]["cash_on_hand"] == 10.0
