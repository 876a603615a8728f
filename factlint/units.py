"""Units of format 1 and conversion between units of one kind.

Each unit has a kind and a factor to that kind's base unit. Units of different kinds never match: a
number in months is never compared with a claim in percent.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    kind: str
    factor: float  # multiply a value in this unit by `factor` to get the kind's base unit


_UNITS = [
    Unit("percent", "share", 1.0),
    # A change in a rate: drafts write "lowered A1C by 2.3%", so it shares its kind with percent.
    Unit("percentage-points", "share", 1.0),
    Unit("years", "time", 365.25),
    Unit("months", "time", 365.25 / 12),
    Unit("weeks", "time", 7.0),
    Unit("days", "time", 1.0),
    Unit("hours", "time", 1 / 24),
    Unit("count", "count", 1.0),
    Unit("usd", "money", 1.0),
    Unit("ratio", "ratio", 1.0),
    Unit("g", "mass", 1000.0),
    Unit("mg", "mass", 1.0),
    Unit("mcg", "mass", 0.001),
    # A body's weight, never a drug's amount: "3.0 mg" is not judged against a weight loss in kg.
    Unit("kg", "body-weight", 1.0),
    Unit("lb", "body-weight", 0.45359237),
    Unit("mg/day", "mass-per-day", 1.0),
    Unit("mg/kg", "mass-per-weight", 1.0),
    Unit("mcg/kg", "mass-per-weight", 0.001),
    Unit("mg/m2", "mass-per-area", 1.0),
    Unit("mg/dL", "mass-concentration", 1.0),
    Unit("g/dL", "mass-concentration", 1000.0),  # haemoglobin, albumin
    Unit("mg/mL", "mass-concentration", 100.0),  # a solution's strength ("injection 100 mg/mL")
    Unit("mmol/L", "molar-concentration", 1.0),
    # Lab values of the kidney: a urine albumin-to-creatinine ratio, a filtration rate (eGFR)
    Unit("mg/g", "albumin-creatinine-ratio", 1.0),
    Unit("mg/mmol", "albumin-creatinine-ratio", 1 / 0.113),  # 1 mg/mmol is about 8.85 mg/g
    Unit("mL/min/1.73m2", "filtration-rate", 1.0),
    Unit("mL/min", "filtration-rate", 1.0),
    # A lung function test's result against the value predicted for the person ("FEV1 of 50% of predicted")
    Unit("percent-predicted", "lung-function", 1.0),
    Unit("units", "units", 1.0),
]

UNITS: dict[str, Unit] = {u.name: u for u in _UNITS}


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`; the units must be compatible."""
    if from_unit == to_unit:
        return value
    ua, ub = UNITS[from_unit], UNITS[to_unit]
    if ua.kind != ub.kind:
        raise ValueError(f"cannot convert {from_unit} to {to_unit}")
    return value * ua.factor / ub.factor


def kind_of(name: str) -> str | None:
    u = UNITS.get(name)
    return u.kind if u else None
