"""When a tool order would arrive in full, for its preview: the vendor's own forecast (its queue
copied and shipped month by month at the output its growth rule allows), not the lead time of the
queue ahead, which says when the first machine ships and nothing of the last."""

from __future__ import annotations

from game.agents.terafab import EUV_KEY
from game.agents.toolmakers import FORECAST_MONTHS


def _vendor(model, vendor_key: str):
    if vendor_key == EUV_KEY:
        return model.litho
    return next((v for v in model.tool_vendors if v.key == vendor_key), None)


def last_arrival_month(session, vendor_key: str, quantity: float) -> int | None:
    """The month the last of `quantity` machines or sets ordered now from `vendor_key` would
    arrive; None if it would not within the forecast (held by export rules, or too far)."""
    model = session.model
    vendor = _vendor(model, vendor_key)
    if vendor is None:
        return None
    return vendor.last_arrival_month(model.firm.country, float(quantity))


def last_arrival_text(session, vendor_key: str, quantity: float) -> str:
    """The last arrival as a date ("2034-05"), or why there is none."""
    from game.ui.i18n import t

    model = session.model
    month = last_arrival_month(session, vendor_key, quantity)
    if month is not None:
        return model.date_of(month)
    trade, country = model.trade, model.firm.country
    vendor = _vendor(model, vendor_key)
    held = (not trade.euv_allowed(country) if vendor_key == EUV_KEY
            else vendor is not None and not trade.tools_allowed(vendor, country))
    return t("action.never_ships") if held else t("action.not_within", years=FORECAST_MONTHS // 12)
