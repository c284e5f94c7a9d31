"""The store profile (``store.yaml``): what the tables cannot say about a store.

The pydantic models here are the single source of the profile's documentation: every
field carries its description, unit and an example.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from diagnoser.bundle.regions import region_of
from diagnoser.countries import country_code


def _country(value: str) -> str:
    """The same spellings the tables accept (``de``, ``UK`` → ``GB``, ``Deutschland``); a
    region such as ``EU`` is refused, since region rules key on the country."""
    code = country_code(str(value))
    if code is None:
        raise ValueError(
            f"'{value}' is not a country: use its two-letter ISO code, e.g. DE, GB, US"
        )
    return code


def _country_or_none(value: str | None) -> str | None:
    """An optional country: left out or blank is None."""
    return _country(value) if value is not None and str(value).strip() else None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class MarketProfile(_Model):
    code: str = Field(
        description="ISO 3166-1 alpha-2 country code (GB for the United Kingdom).", examples=["DE"]
    )
    region: str | None = Field(
        None,
        description=(
            "Region used by rules (EU, UK, NA, SEA, LATAM, ME, …); derived from the code "
            "when left out."
        ),
        examples=["EU"],
    )
    launched: str | None = Field(
        None, description="Month the store started selling there (YYYY-MM).", examples=["2025-03"]
    )
    template_of: str | None = Field(
        None,
        description="Market whose funnel and listings this market was copied from, if any.",
        examples=["US"],
    )

    _is_country = field_validator("code")(_country)
    _is_country_or_none = field_validator("template_of")(_country_or_none)

    @model_validator(mode="after")
    def _derive_region(self) -> MarketProfile:
        if self.region is None:
            self.region = region_of(self.code)
        return self


class Vendor(_Model):
    name: str = Field(
        description="Service provider (agency, ERP/SaaS vendor, logistics partner).",
        examples=["Acme Agency"],
    )
    services: list[str] = Field(
        default_factory=list,
        description=(
            "What it runs for the store: operations, ads_accounts, erp, data, logistics, "
            "customer_service, …"
        ),
        examples=[["operations", "ads_accounts", "data"]],
    )
    monthly_fee: float = Field(
        0.0, ge=0, description="Fixed monthly fee, in the report currency.", examples=[3000]
    )
    data_export_allowed: bool = Field(
        True,
        description=(
            "Whether the contract lets the store export its own data (orders, ads "
            "accounts, customers)."
        ),
    )
    guaranteed_roi_claim: bool = Field(
        False, description="Whether the vendor promised a guaranteed ROI or sales figure."
    )
    fees_itemised: bool = Field(
        True, description="Whether every fee the vendor can charge is listed in the contract."
    )
    contract_months: int | None = Field(
        None, ge=0, description="Contract length in months.", examples=[12]
    )
    notice_days: int | None = Field(
        None, ge=0, description="Notice needed to end the contract, in days.", examples=[90]
    )


class SaasTool(_Model):
    name: str = Field(description="Tool name.", examples=["ERP Pro"])
    monthly_fee: float = Field(
        ge=0, description="Monthly fee, in the report currency.", examples=[499]
    )
    seats: int = Field(1, ge=0, description="Seats paid for.", examples=[10])
    active_users: int = Field(0, ge=0, description="Seats used in the last 30 days.", examples=[3])


class Pilot(_Model):
    market: str = Field(description="Market of the pilot (ISO alpha-2).", examples=["FR"])
    channel: str = Field(description="Channel of the pilot.", examples=["tiktok"])
    start: str = Field(description="First month of the pilot (YYYY-MM).", examples=["2025-01"])
    budget: float = Field(
        ge=0, description="Pilot budget, in the report currency.", examples=[2000]
    )

    _is_country = field_validator("market")(_country)


class StoreProfile(_Model):
    name: str = Field(
        description="Store or brand name as the report should show it.", examples=["Lumen Home"]
    )
    report_currency: str = Field(
        "USD", description="ISO 4217 code every amount is converted to.", examples=["USD"]
    )
    language: str | None = Field(
        None, description="Default report language, zh or en.", examples=["zh"]
    )
    platforms: list[str] = Field(
        default_factory=list, description="Sales channels in use.", examples=[["amazon", "shopify"]]
    )
    markets: list[MarketProfile] = Field(default_factory=list, description="Markets sold into.")
    vendors: list[Vendor] = Field(
        default_factory=list, description="Service providers under contract."
    )
    settlement_days: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "Days from sale to cash in the bank, per channel (Amazon ~14, PayPal holds, COD 30–90)."
        ),
        examples=[{"amazon": 14, "shopify": 3, "tiktok": 30}],
    )
    cash_on_hand: float | None = Field(
        None, description="Cash available now, in the report currency.", examples=[80000]
    )
    monthly_fixed_costs: float | None = Field(
        None,
        ge=0,
        description="Salaries, rent and other fixed costs per month, in the report currency.",
        examples=[25000],
    )
    inventory_days: float | None = Field(
        None,
        ge=0,
        description="Days of inventory held (incl. sea freight in transit).",
        examples=[75],
    )
    payable_days: float | None = Field(
        None, ge=0, description="Days suppliers give the store to pay.", examples=[30]
    )
    stage_owners: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Who owns each funnel stage (traffic, landing, conversion, fulfilment, "
            "repeat, referral)."
        ),
        examples=[{"traffic": "ads team", "conversion": "operations"}],
    )
    saas_tools: list[SaasTool] = Field(default_factory=list, description="SaaS subscriptions.")
    pilots: list[Pilot] = Field(
        default_factory=list, description="Small tests run before a launch (MVP)."
    )

    @field_validator("markets", mode="before")
    @classmethod
    def _market_codes(cls, value: object) -> object:
        """``markets: [DE, FR]`` is shorthand for ``[{code: DE}, {code: FR}]``."""
        if isinstance(value, list):
            return [{"code": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("report_currency")
    @classmethod
    def _currency_upper(cls, value: str) -> str:
        return value.strip().upper()

    def market(self, code: str) -> MarketProfile | None:
        return next((m for m in self.markets if m.code == code), None)
