"""Export files written from the format facts in ../shared/docs/export-formats.md.

Headers are the verbatim header rows the notes quote; the data rows are invented for the
tests, with the traps each format is known for (preambles, totals rows, BOMs, UTF-16,
currency symbols, localised headers, line-item rows, ``="…"`` ids, trailing tabs).
"""

from __future__ import annotations

from pathlib import Path

PII_EMAILS = ["alice@example.com", "bob@example.org", "carol@example.co.uk", "dan@example.net"]
PII_PHONES = ["+1 555 0100", "133 3333 3333", "(+60)172****54", "8613333333333"]
PII_NAMES = ["Alice Smith", "Bob Jones", "Carol White"]

SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,"
    "Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,"
    "Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,"
    "Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,"
    "Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,"
    "Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,"
    "Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,"
    "Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,"
    "Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References"
)
SHOPIFY_COLS = SHOPIFY_HEADER.split(",")


def shopify_row(**cells: str) -> str:
    """One export row: every column empty except the named ones (keys use the header names)."""
    values = [cells.get(col, "") for col in SHOPIFY_COLS]
    return ",".join(f'"{v}"' if ("," in v or '"' in v) else v for v in values)


def shopify_orders(path: Path) -> Path:
    """Four counted orders (US ×3, GB ×1) and a cancelled one; line items on extra rows;
    #1003's Created at is an Excel serial (46285.5 = 2026-09-20 12:00)."""
    first = {
        "Accepts Marketing": "no",
        "Lineitem requires shipping": "true",
        "Lineitem taxable": "true",
    }
    rows = [
        shopify_row(**first, Name="#1001", Email=PII_EMAILS[0], **{
            "Financial Status": "paid", "Fulfillment Status": "fulfilled", "Currency": "USD",
            "Subtotal": "50.00", "Shipping": "10.00", "Taxes": "5.00", "Total": "65.00",
            "Created at": "2026-09-02 10:00:00 -0400", "Lineitem quantity": "1", "Lineitem name": "Mug",
            "Lineitem price": "20.00", "Billing Name": PII_NAMES[0], "Billing Street": "1 Main St",
            "Billing Country": "US", "Billing Phone": PII_PHONES[0], "Shipping Name": PII_NAMES[0],
            "Shipping Country": "US", "Shipping Phone": PII_PHONES[0], "Refunded Amount": "0.00",
            "Phone": PII_PHONES[0], "Notes": "call me at " + PII_PHONES[0]}),
        shopify_row(Name="#1001", **{"Lineitem quantity": "1", "Lineitem name": "Cup, blue",
                                     "Lineitem price": "30.00", "Vendor": "Acme"}),
        shopify_row(**first, Name="#1002", Email=PII_EMAILS[1], **{
            "Financial Status": "refunded", "Fulfillment Status": "fulfilled", "Currency": "USD",
            "Subtotal": "30.00", "Shipping": "0.00", "Taxes": "0.00", "Total": "30.00",
            "Created at": "2026-09-10 08:30:00 +0000", "Lineitem quantity": "3", "Lineitem name": "Spoon",
            "Lineitem price": "10.00", "Shipping Name": PII_NAMES[1], "Shipping Country": "US",
            "Shipping Phone": PII_PHONES[1], "Refunded Amount": "30.00"}),
        shopify_row(**first, Name="#1003", Email=PII_EMAILS[0].upper(), **{
            "Financial Status": "paid", "Fulfillment Status": "fulfilled", "Currency": "USD",
            "Subtotal": "40.00", "Shipping": "0.00", "Taxes": "4.00", "Total": "44.00",
            "Created at": "46285.5", "Lineitem quantity": "2", "Lineitem name": "Plate",
            "Lineitem price": "20.00", "Shipping Country": "US", "Shipping Phone": PII_PHONES[3]}),
        shopify_row(**first, Name="#1004", Email=PII_EMAILS[2], **{
            "Financial Status": "paid", "Fulfillment Status": "unfulfilled", "Currency": "GBP",
            "Subtotal": "20.00", "Shipping": "0.00", "Taxes": "4.00", "Total": "24.00",
            "Created at": "2026-09-15 23:59:59 +0100", "Lineitem quantity": "1", "Lineitem name": "Bowl",
            "Lineitem price": "20.00", "Shipping Name": PII_NAMES[2], "Shipping Country": "GB"}),
        shopify_row(Name="#1004", **{"Lineitem quantity": "2", "Lineitem name": "Lid",
                                     "Lineitem price": "0.00"}),
        shopify_row(**first, Name="#1005", Email=PII_EMAILS[3], **{
            "Financial Status": "voided", "Currency": "USD", "Subtotal": "10.00", "Taxes": "0.00",
            "Total": "10.00", "Created at": "2026-09-21 10:00:00 +0000", "Lineitem quantity": "1",
            "Shipping Country": "US", "Cancelled at": "2026-09-21 11:00:00 +0000"}),
    ]  # fmt: skip
    path.write_text(SHOPIFY_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


# Chinese Seller Central, generation 2: full-width parentheses, en dashes, with a BOM.
BUSINESS_ZH_HEADER = [
    "（父）ASIN", "（子）ASIN", "商品名称", "会话次数 – 移动应用", "会话次数 – 浏览器", "会话次数 – 总计",
    "会话百分比 – 移动应用", "会话百分比 – 浏览器", "会话百分比 – 总计", "页面浏览量 – 移动应用",
    "页面浏览量 – 浏览器", "页面浏览量 – 总计", "页面浏览量百分比 – 移动应用", "页面浏览量百分比 – 浏览器",
    "页面浏览量百分比 – 总计", "推荐报价（购买按钮）百分比", "已订购商品数量", "已订购商品数量 - B2B",
    "商品会话百分比", "商品会话百分比 - B2B", "已订购商品销售额", "已订购商品销售额 - B2B", "订单商品总数",
    "订单商品总数 - B2B",
]  # fmt: skip


def _csv(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells)


def business_report_zh(path: Path) -> Path:
    """Two child ASINs: sessions 1,200 + 800, order items 30 + 12, sales $1,234.50 + $765.50."""
    rows = [
        ["B0PARENT01", "B0CHILD001", "杯子, 蓝色", "700", "500", "1,200", "60%", "40%", "60.00%", "900", "600",
         "1,500", "60%", "40%", "60%", "99.80%", "31", "0", "2.58%", "0.00%", "$1,234.50", "$0.00", "30", "0"],
        ["B0PARENT01", "B0CHILD002", "盘子", "300", "500", "800", "40%", "60%", "40.00%", "400", "600", "1,000",
         "40%", "60%", "40%", "100.00%", "12", "1", "1.50%", "0.00%", "$765.50", "$12.00", "12", "1"],
    ]  # fmt: skip
    text = "\n".join(_csv(r) for r in [BUSINESS_ZH_HEADER, *rows]) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


BUSINESS_EN_CHILD = (
    "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions - Total,Sessions - Total - B2B,Session Percentage - Total,"
    "Session Percentage - Total - B2B,Page Views - Total,Page Views - Total - B2B,Page Views Percentage - Total,"
    "Page Views Percentage - Total - B2B,Featured Offer (Buy Box) Percentage,Featured Offer (Buy Box) Percentage - B2B,"
    "Units Ordered,Units Ordered - B2B,Unit Session Percentage,Unit Session Percentage - B2B,Ordered Product Sales,"
    "Ordered Product Sales - B2B,Total Order Items,Total Order Items - B2B"
)


def business_report_en_child(path: Path) -> Path:
    row = ('B0CKPQNSHN,B096MCMDPL,"Cast Net, Zinc Iron",5K-SC4U-PO06,"12,131",261,12.02%,9.85%,"17,004",336,'
           '12.57%,9.28%,99.80%,100.00%,683,5,5.63%,1.92%,"$12,905.25",$94.50,668,5')  # fmt: skip
    path.write_text(BUSINESS_EN_CHILD + "\n" + row + "\n", encoding="utf-8")
    return path


BUSINESS_BY_DATE = (
    "Date,Ordered Product Sales,Ordered Product Sales - B2B,Units Ordered,Units Ordered - B2B,Total Order Items,"
    "Total Order Items - B2B,Page Views - Total,Page Views - Total - B2B,Sessions - Total,Sessions - Total - B2B,"
    "Featured Offer Percentage,Featured Offer Percentage - B2B,Unit Session Percentage,"
    "Unit Session Percentage - B2B,Average Offer Count,Average Parent Items"
)


def business_report_by_date_in(path: Path) -> Path:
    """India, dd/mm/yy dates (13/07/26 decides the order), lakh grouping."""
    rows = [
        '01/07/26,"₹1,08,218.36",₹897.60,169,2,160,2,"2,000",10,"1,514",30,99.89%,100.00%,1.12%,0.88%,49,23',
        '13/07/26,"₹75,565.26",₹0.00,39,0,38,0,900,0,"1,000",0,99.00%,100.00%,2.51%,0.00%,40,20',
        '02/08/26,"₹1,000.00",₹0.00,1,0,1,0,50,0,100,0,99.00%,100.00%,1.00%,0.00%,40,20',
    ]
    path.write_text(BUSINESS_BY_DATE + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


TX_PREAMBLE_US = [
    '"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"',
    '"All amounts in USD, unless specified"',
    '"Definitions:"',
    '"Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, and gift wrap."',
    '"Selling fees: Includes variable closing fees and referral fees."',
    '"Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax '
    'collection fees."',
    '"Other: Includes non-order transaction amounts. For more details, see the ""Type"" and ""Description"" '
    'columns for each order ID."',
]
TX_HEADER_US = [
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace",
    "account type", "fulfillment", "order city", "order state", "order postal", "tax collection model",
    "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits",
    "giftwrap credits tax", "Regulatory Fee", "Tax On Regulatory Fee", "promotional rebates",
    "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees",
    "other", "total",
]  # fmt: skip


def _tx_row(date: str, kind: str, order: str, desc: str, market: str, **amounts: str) -> list[str]:
    values = {h: "0" for h in TX_HEADER_US[14:]}
    values.update({k.replace("_", " "): v for k, v in amounts.items()})
    head = [date, "17833217601", kind, order, "SKU-1" if order else "", desc, "1" if order else "", market,
            "Standard Orders" if order else "", "Amazon" if order else "", "SAN DIEGO" if order else "",
            "CA" if order else "", "92115-6801" if order else "", "MarketplaceFacilitator" if order else ""]  # fmt: skip
    return head + [values[h] for h in TX_HEADER_US[14:]]


def date_range_us(path: Path) -> Path:
    """Orders 111-1 (25.99) and 111-2 (40.00 − 5.00 promo), a refund of 111-1, advertising and
    subscription service fees, a transfer."""
    rows = [
        _tx_row("Sep 3, 2026 12:00:16 AM PDT", "Order", "111-0000001-0000001", "Mug, blue", "amazon.com",
                product_sales="25.99", product_sales_tax="2.01", shipping_credits="2.99", promotional_rebates="-2.99",
                marketplace_withheld_tax="-2.01", selling_fees="-3.9", fba_fees="-3.86", total="18.23"),
        _tx_row("Sep 12, 2026 4:10:00 PM PDT", "Order", "111-0000002-0000002", "Plate", "amazon.com",
                product_sales="40.00", promotional_rebates="-5.00", selling_fees="-6.00", fba_fees="-4.50",
                other_transaction_fees="-0.50", total="24.00"),
        _tx_row("Sep 20, 2026 9:00:00 AM PDT", "Refund", "111-0000001-0000001", "Mug, blue", "amazon.com",
                product_sales="-25.99", selling_fees="3.12", total="-22.87"),
        _tx_row("Sep 30, 2026 11:59:00 PM PDT", "Service Fee", "", "Cost of Advertising", "",
                other="-150.00", total="-150.00"),
        _tx_row("Sep 1, 2026 1:00:00 AM PDT", "Service Fee", "", "Subscription", "", other="-39.99",
                total="-39.99"),
        _tx_row("Sep 15, 2026 1:00:00 AM PDT", "Transfer", "", "To account ending in: 123", "",
                other="-500.00", total="-500.00"),
    ]  # fmt: skip
    lines = TX_PREAMBLE_US + [_csv_quoted(TX_HEADER_US)] + [_csv(r) for r in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _csv_quoted(cells: list[str]) -> str:
    return ",".join(f'"{c}"' for c in cells)


TX_HEADER_DE = [
    "datum/uhrzeit", "abrechnungsnummer", "typ", "bestellnummer", "sku", "beschreibung", "menge", "marketplace",
    "versand", "umsätze", "gutschrift für versandkosten", "gutschrift für geschenkverpackung",
    "rabatte aus werbeaktionen", "verkaufsgebühren", "gebühren zu versand durch amazon",
    "andere transaktionsgebühren", "andere", "gesamt",
]  # fmt: skip


def date_range_de(path: Path) -> Path:
    """German headers and decimal commas, semicolon-free CSV, 4-line preamble."""
    preamble = ['"Enthält Transaktionen aus Amazon Marketplace und Versand durch Amazon"',
                '"Alle Beträge in EUR, sofern nicht anders angegeben"', '"Definitionen:"', '""']  # fmt: skip
    rows = [
        ["01.09.2026 10:00:00 UTC", "1", "Bestellung", "302-1", "S1", "Tasse", "1", "amazon.de", "Amazon",
         "1.234,56", "0,00", "0,00", "0,00", "-185,18", "-3,50", "0,00", "0,00", "1.045,88"],
        ["05.09.2026 10:00:00 UTC", "1", "Erstattung", "302-1", "S1", "Tasse", "1", "amazon.de", "Amazon",
         "-34,56", "0,00", "0,00", "0,00", "5,18", "0,00", "0,00", "0,00", "-29,38"],
        ["07.09.2026 10:00:00 UTC", "1", "Servicegebühr", "", "", "Werbungskosten", "", "", "",
         "0,00", "0,00", "0,00", "0,00", "0,00", "0,00", "0,00", "-80,00", "-80,00"],
    ]  # fmt: skip
    lines = [*preamble, _csv_quoted(TX_HEADER_DE)] + [_csv_quoted(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TX_HEADER_FR = [
    "date/heure", "numéro de règlement", "type", "numéro de la commande", "sku", "description", "quantité",
    "marketplace", "ventes de produits", "crédits d'expédition", "crédits cadeau", "rabais promotionnels",
    "frais de vente", "frais expédié par amazon", "autres frais de transaction", "divers", "total",
]  # fmt: skip


def date_range_fr(path: Path) -> Path:
    rows = [
        ["1 sept. 2026 10:00:00 UTC", "1", "Commande", "405-1", "S1", "Tasse", "1", "amazon.fr",
         "100,00", "0,00", "0,00", "0,00", "-15,00", "-4,00", "0,00", "0,00", "81,00"],
    ]  # fmt: skip
    lines = [
        '"Tous les montants sont en EUR, sauf indication contraire"',
        _csv_quoted(TX_HEADER_FR),
    ]
    path.write_text("\n".join(lines + [_csv_quoted(r) for r in rows]) + "\n", encoding="utf-8")
    return path


TX_HEADER_JP = [
    "日付/時間", "決済番号", "トランザクションの種類", "注文番号", "SKU", "商品名", "数量", "マーケットプレイス",
    "商品の売上", "配送料", "ギフト包装手数料", "プロモーション割引額", "手数料", "FBA 手数料",
    "トランザクションに関するその他の手数料", "その他", "合計",
]  # fmt: skip


def date_range_jp(path: Path) -> Path:
    rows = [["2026/09/01 10:00:00JST", "1", "注文", "503-1", "S1", "カップ", "1", "amazon.co.jp",
             "3,000", "0", "0", "0", "-450", "-300", "0", "0", "2,250"]]  # fmt: skip
    lines = ['"すべての金額は JPY で表示されています"', _csv_quoted(TX_HEADER_JP)]
    path.write_bytes(("\n".join(lines + [_csv_quoted(r) for r in rows]) + "\n").encode("utf-8-sig"))
    return path


SP_SEARCH_TERM = [
    "Start Date", "End Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Retailer", "Country",
    "Targeting", "Match Type", "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)",
    "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)",
    "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]  # fmt: skip


def sp_search_term(path: Path) -> Path:
    """UK search terms: £ spend, quoted thousands, trailing spaces in headers."""
    rows = [
        ["Sep 01, 2026", "Sep 30, 2026", "", "GBP", "Auto - Mugs", "Group 1", "Amazon", "United Kingdom",
         "close-match", "-", "blue mug", "1,204", "31", "2.57%", "£0.80", "£24.80", "£60.00", "41.33%", "2.42",
         "3", "3", "9.68%", "3", "0", "£60.00", "£0.00"],
        ["Sep 01, 2026", "Sep 30, 2026", "", "GBP", "Manual", "Group 2", "Amazon", "United Kingdom",
         "mug", "BROAD", "coffee mug", "796", "9", "1.13%", "£0.80", "£7.20", "£0.00", "", "0.00", "0", "0",
         "0.00%", "0", "0", "£0.00", "£0.00"],
    ]  # fmt: skip
    path.write_text(
        "\n".join([",".join(SP_SEARCH_TERM)] + [_csv(r) for r in rows]) + "\n", encoding="utf-8"
    )
    return path


CONSOLE_HEADER = (
    "Budget currency,Date range,Advertiser account ID,Advertiser account name,Portfolio ID,Portfolio name,"
    "Campaign ID,Campaign name,Ad group ID,Ad group name,Advertised product ID,Advertised product name,"
    "Advertised product parent ID,Advertised product brand,Advertised product category,"
    "Advertised product subcategory,Advertised product group,Advertised product SKU,Advertised product marketplace,"
    "Impressions,Clicks,CTR,Total cost,Purchases,Sales,Units sold,Cost per purchase,Purchase rate,ROAS,"
    "Purchases (promoted),Sales (promoted),Units sold (promoted),Cost per purchase (promoted),"
    "Purchase rate (promoted),ROAS (promoted),Purchases (halo),Sales (halo),Units sold (halo),"
    "Purchases (new to brand),Sales (new to brand),Units sold (new to brand),Cost per purchase (new to brand),"
    "Purchase rate (new to brand),ROAS (new to brand),Detail page views,Cost per detail page view,"
    "Detail page view rate"
)


def console_product(path: Path) -> Path:
    ncols = len(CONSOLE_HEADER.split(","))
    row = [
        "USD",
        '"Jul 06, 2026 - Jul 29, 2026"',
        '"=""amzn1.ads-account.g.abc"""',
        "Store",
        '"=""1"""',
        "",
        '"=""254927681919372"""',
        "Camp",
        '"=""9"""',
        "AG",
        "B0X",
        "Mug",
        "B0P",
        "Acme",
        "Home",
        "Kitchen",
        "",
        "MUG-1",
        "amazon.com",
        '"1,000"',
        "10",
        "1.0000%",
        "108.61",
        "2",
        "50.00",
        "2",
        "54.30",
        "20.00%",
        "0.46",
    ]
    row += [""] * (ncols - len(row))
    path.write_text(CONSOLE_HEADER + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def google_ads_utf16(path: Path) -> Path:
    """The "Excel CSV" download: UTF-16 with BOM, tab-separated, two title lines, Total rows, --."""
    lines = [
        "Campaign report",
        "September 1, 2026 - September 30, 2026",
        "Campaign\tCampaign ID\tCurrency code\tImpr.\tClicks\tCost\tConversions",
        "Brand\t111\tUSD\t1,204\t80\t172.45\t3.00",
        "Generic\t222\tUSD\t5,000\t120\t1,600.80\t--",
        "Paused one\t333\tUSD\t0\t0\t0.00\t--",
        "Total: Campaigns\t\tUSD\t6,204\t200\t1,773.25\t3.00",
        "Total: Account\t\tUSD\t6,204\t200\t1,773.25\t3.00",
    ]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    return path


def google_ads_daily(path: Path) -> Path:
    """UTF-8 comma file with a Day column and a locations breakdown."""
    lines = [
        "Campaign report",
        '"October 1, 2026"',
        "Campaign,Day,Country/Territory (User location),Currency code,Impr.,Clicks,CTR,Avg. CPC,Cost,Conversions",
        'Brand,2026-10-01,Germany,EUR,"1,000",50,5.00%,0.40,20.00,1.00',
        "Brand,2026-10-01,France,EUR,500,10,2.00%,0.50,5.00,--",
        'Total: Campaigns,,,EUR,"1,500",60,4.00%,0.42,25.00,1.00',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


META_HEADER = (
    "Reporting starts,Reporting ends,Campaign name,Campaign delivery,Attribution setting,Results,Result indicator,"
    'Reach,Frequency,Cost per results,Amount spent (EUR),Impressions,"CPM (cost per 1,000 impressions) (EUR)",'
    "Link clicks,CPC (cost per link click) (EUR),CTR (link click-through rate),Clicks (all),CTR (all),"
    "CPC (all) (EUR),Landing page views,Cost per landing page view (EUR)"
)


def meta_ads(path: Path) -> Path:
    rows = [
        "2026-09-01,2026-09-30,Prospecting,active,7-day click or 1-day view,12,actions:purchase,9000,1.2,10.5,"
        '"1,234.56",12000,10.29,300,4.12,2.5%,450,3.75%,2.74,250,4.94',
        "2026-09-01,2026-09-30,Retargeting,inactive,7-day click or 1-day view,3,actions:purchase,1000,1.5,21.81,"
        "65.44,2000,32.72,40,1.64,2%,60,3%,1.09,30,2.18",
    ]
    path.write_bytes(("\n".join([META_HEADER, *rows]) + "\n").encode("utf-8-sig"))
    return path


def meta_ads_fr(path: Path) -> Path:
    lines = [
        "Jour;Nom de la campagne;Montant dépensé (USD);Impressions",
        '2026-09-03;Camp;"1 234,56";"10 000"',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TIKTOK_ADS_HEADER = (
    "By Day,Campaign name,Ad group name,Ad name,Website URL (Ad level）,Currency,Cost,CPC (destination),CPM,"
    'Impressions,Clicks (destination),CTR (destination),Reach,"Cost per 1,000 people reached",Frequency'
)


def tiktok_ads(path: Path) -> Path:
    rows = [
        '2026-09-01,Camp A,AG,Ad,https://x.test,USD,50.00,0.50,5.00,"10,000",100,1.00%,8000,6.25,1.25',
        "2026-09-02,Camp A,AG,Ad,https://x.test,USD,1.00,0.00,0.00,<5,0,0.00%,3,0,1",
        '-,Total of 2 results,,,,USD,51.00,0.51,5.10,"10,000",100,1.00%,8000,6.25,1.25',
    ]
    path.write_text("\n".join([TIKTOK_ADS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


TIKTOK_SHOP_HEADER = (
    "Order ID,Order Status,Order Substatus,Cancelation/Return Type,Normal or Pre-order,SKU ID,Seller SKU,"
    "Product Name,Variation,Quantity,Sku Quantity of return,SKU Unit Original Price,SKU Subtotal Before Discount,"
    "SKU Platform Discount,SKU Seller Discount,SKU Subtotal After Discount,Shipping Fee After Discount,"
    "Original Shipping Fee,Shipping Fee Seller Discount,Shipping Fee Platform Discount,Payment platform discount,"
    "Taxes,Order Amount,Order Refund Amount,Created Time,Paid Time,RTS Time,Shipped Time,Delivered Time,"
    "Cancelled Time,Cancel By,Cancel Reason,Fulfillment Type,Warehouse Name,Tracking ID,Delivery Option,"
    "Shipping Provider Name,Buyer Message,Buyer Username,Recipient,Phone #,Country,State,Post Town,"
    "Detail Address,Additional address information,Payment Method,Weight(kg),Product Category,Package ID,"
    "Seller Note,Checked Status,Checked Marked by"
)


def tiktok_shop_my(path: Path) -> Path:
    """Malaysia: BOM, description row, trailing tabs, one row per SKU, day-first dates."""
    cols = TIKTOK_SHOP_HEADER.split(",")

    def row(**cells: str) -> str:
        return ",".join(_quote(cells.get(c, "")) for c in cols)

    describe = row(
        **{"Order ID": "Platform unique order ID.", "Order Status": "Current order status."}
    )
    line = {"Order Status": "Completed", "Order Amount": "120.50", "Taxes": "0", "Order Refund Amount": "0",
            "Country": "Malaysia", "Buyer Username": "i***mikayla200", "Recipient": PII_NAMES[2],
            "Phone #": PII_PHONES[2], "Detail Address": "1 Jalan X"}  # fmt: skip
    rows = [
        describe,
        row(**line, **{"Order ID": "583870900000000001\t", "Created Time": "25/09/2026 13:03:57\t",
                       "Delivered Time": "28/09/2026 10:00:00\t", "Seller SKU": "A"}),
        row(**line, **{"Order ID": "583870900000000001\t", "Created Time": "25/09/2026 13:03:57\t",
                       "Delivered Time": "28/09/2026 10:00:00\t", "Seller SKU": "B"}),
        row(**{**line, "Order Amount": "30.00", "Order Refund Amount": "30.00",
               "Cancelation/Return Type": "Return/Refund"},
            **{"Order ID": "583870900000000002\t", "Created Time": "02/10/2026 09:00:00\t"}),
        row(**{**line, "Order Status": "Canceled", "Cancelation/Return Type": "Cancel"},
            **{"Order ID": "583870900000000003\t", "Created Time": "03/10/2026 09:00:00\t",
               "Cancelled Time": "03/10/2026 10:00:00\t"}),
    ]  # fmt: skip
    path.write_bytes(("\n".join([TIKTOK_SHOP_HEADER, *rows]) + "\n").encode("utf-8-sig"))
    return path


def _quote(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',"\t') else value


def shopify_conversion(path: Path) -> Path:
    lines = [
        "Day,Sessions,Sessions with cart additions,Sessions that reached checkout,Sessions that completed checkout",
        "2026-09-01,500,40,20,10",
        "2026-09-02,500,35,15,8",
        "Totals,1000,75,35,18",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shopify_conversion_rate(path: Path) -> Path:
    lines = ["Day,Sessions,Sessions that completed checkout,Conversion rate", "2026-09-01,1000,20,2%",
             "Totals,1000,20,2%"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ga4_multi(path: Path) -> Path:
    lines = [
        "# ----------------------------------------",
        "# Reports snapshot",
        "# 20260901-20260930",
        "# ----------------------------------------",
        "",
        "Session primary channel group,Sessions,Engaged sessions,Engagement rate,Key events",
        "Organic Search,600,300,0.5,4",
        "Direct,400,200,0.5,2",
        "",
        "# ----------------------------------------",
        "# Country",
        "# 20260901-20260930",
        "# ----------------------------------------",
        "",
        "Country,Active users,New users,Engaged sessions,Engagement rate,Engaged sessions per active user,"
        "Average engagement time per active user,Event count,Key events,User key event rate,Total revenue",
        "United States,700,600,420,0.6,0.6,45.2,9000,5,0.01,1234.5",
        "Germany,300,250,80,0.4,0.27,30.1,2000,1,0.003,100",
        ",1000,850,500,0.5,0.5,40,11000,6,0.006,1334.5",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def unknown_csv(path: Path) -> Path:
    """Looks like a Shopify orders export with the totals columns removed."""
    path.write_text(
        "Name,Email,Lineitem quantity,Lineitem name\n#1,x@y.z,1,Mug\n", encoding="utf-8"
    )
    return path


# fmt: off
# Business Report header generations (Chinese 1–3, English en-dash alias, Japanese), minimal rows.
BUSINESS_GENERATIONS = {
    "zh_gen1": ["父ASIN", "子ASIN", "商品名称", "买家访问次数", "订单商品数量转化率", "已订购商品数量", "已订购商品销售额"],
    "zh_gen3": ["（父）ASIN", "（子）ASIN", "标题", "SKU", "会话数 - 总计", "会话 - 总计 - B2B", "转化率 - 总计", "已订购商品数量",
                "已订购商品销售额", "已订购商品销售额 - B2B", "订单商品总数", "订单商品总数 - B2B"],
    "en_dash": ["(Parent) ASIN", "(Child) ASIN", "Title", "Sessions – Total", "Units ordered", "Ordered Product Sales",
                "Total Order Items"],
    "ja": ["（親）ASIN", "（子）ASIN", "タイトル", "SKU", "セッション数 - 合計", "おすすめ出品（おすすめ商品）の獲得率",
           "注文された商品点数", "注文商品の売上額", "注文品目総数"],
}
BUSINESS_VALUES = {
    "父ASIN": "B0P", "子ASIN": "B0C", "（父）ASIN": "B0P", "（子）ASIN": "B0C", "(Parent) ASIN": "B0P",
    "(Child) ASIN": "B0C", "（親）ASIN": "B0P", "买家访问次数": "1,000", "会话数 - 总计": "1,000",
    "Sessions – Total": "1,000", "セッション数 - 合計": "1,000", "已订购商品销售额": "US$2,500.00",
    "Ordered Product Sales": "$2,500.00", "注文商品の売上額": "￥250,000", "订单商品总数": "20", "Total Order Items": "20",
    "注文品目総数": "20",
}


def business_generation(path: Path, generation: str) -> Path:
    header = BUSINESS_GENERATIONS[generation]
    values = [BUSINESS_VALUES.get(h, "1") for h in header]
    explanation = "この表は説明行です" if generation == "ja" else None  # Amazon JP puts explanation lines above
    lines = ([explanation] if explanation else []) + [_csv(header), _csv(values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def date_range_in(path: Path) -> Path:
    """India 2025+: five-line preamble, capital Sku, lakh grouping, lower-case am/pm, CRLF."""
    preamble = [
        '"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"',
        '"All amounts in INR, unless specified"',
        '"Definitions:"',
        '"Date/Time: Posted date/time of the transaction"',
        '"Note: Reports with start date of 1 Jan 2025 or later are indexed by posted date, include both released and deferred transactions and have two new columns."',
    ]
    header = ["date/time", "settlement id", "type", "order id", "Sku", "description", "quantity", "marketplace",
              "account type", "fulfillment", "order city", "order state", "order postal", "product sales",
              "shipping credits", "gift wrap credits", "promotional rebates",
              "Total sales tax liable(GST before adjusting TCS)", "TCS-CGST", "TCS-SGST", "TCS-IGST",
              "TDS (Section 194-O)", "selling fees", "fba fees", "other transaction fees", "other", "total",
              "Transaction Status", "Transaction Release Date"]
    row = ["1 Jul 2026 4:24:44 am UTC", "1", "Order", "402-1", "S1", "Kettle", "1", "amazon.in",
           "Electronic Transactions (Credit Card/Net Banking/GC)", "Amazon", "PUNE", "MH", "411001",
           "1,44,957.78", "0", "0", "0", "0", "0", "0", "0", "0", "-14,495.78", "-1,000.00", "0", "0",
           "1,29,462.00", "Released", "8 Jul 2026"]
    lines = [*preamble, _csv_quoted(header), _csv(row)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def tiktok_shop_us(path: Path) -> Path:
    """US: month-first dates with AM/PM, no Country column."""
    cols = ["Order ID", "Order Status", "Order Substatus", "Cancelation/Return Type", "Normal or Pre-order",
            "SKU ID", "Seller SKU", "Product Name", "Quantity", "Taxes", "Order Amount", "Order Refund Amount",
            "Created Time", "Paid Time", "Buyer Username", "Recipient", "Phone #", "Zipcode"]
    rows = [["576000000000000001\t", "Shipped", "In transit", "", "Normal", "1", "A", "Mug", "1", "1.60",
             "21.60", "0", "05/02/2026 2:49:19 PM\t", "05/02/2026 2:50:00 PM\t", "b***y", "Bob", "(+1)555****00",
             "10001"]]
    path.write_bytes(("\n".join(_csv(r) for r in [cols, *rows]) + "\n").encode("utf-8-sig"))
    return path


def sp_search_term_eu(path: Path) -> Path:
    """Semicolon-separated with decimal commas (a European locale)."""
    header = ["Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
              "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)",
              "Spend", "7 Day Total Sales "]
    rows = [["2026-09-04", "", "EUR", "Auto", "G", "close-match", "-", "tasse", "1.204", "31", "2,57%", "0,80 €",
             "24,80 €", "60,00 €"]]
    path.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path
# fmt: on
