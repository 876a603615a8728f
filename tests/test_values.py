"""`quick_init` (factlint.values): a frozen dataclass's faster `__init__` must make exactly the values the
generated one makes, and refuse what it cannot make."""
from __future__ import annotations

import dataclasses
from dataclasses import InitVar, dataclass, field

import pytest

from factlint.values import frozen_value, quick_init


def _pair(slots: bool):
    """The same class twice: with dataclass's `__init__` and with quick_init's."""
    def make():
        @dataclass(frozen=True, slots=slots)
        class Value:
            name: str
            low: float
            high: float = 0.0
            tags: tuple = ()
            seen: list = field(default_factory=list)
            kind: str = field(default="number", init=False)
            made: dict = field(default_factory=dict, init=False)
            label: str | None = None

        return Value

    return make(), quick_init(make())


@pytest.mark.parametrize("slots", [True, False], ids=["slots", "dict"])
def test_the_values_made_are_the_generated_init_s(slots):
    plain, quick = _pair(slots)
    calls = [(("a", 1.0), {}), (("a", 1.0, 2.0, ("x",), [3]), {"label": "l"}),
             (("b",), {"low": 2, "seen": [1], "tags": ()}), (("c", 3), {"high": 4})]
    for args, kwargs in calls:
        p, q = plain(*args, **kwargs), quick(*args, **kwargs)
        assert [getattr(q, f.name) for f in dataclasses.fields(quick)] == \
            [getattr(p, f.name) for f in dataclasses.fields(plain)]
        assert repr(q) == repr(p) and q == quick(*args, **kwargs)
        with pytest.raises(dataclasses.FrozenInstanceError):
            q.low = 5
    assert quick("a", 1).seen is not quick("a", 1).seen  # a fresh default from its factory each time
    assert quick("a", 1).made == {} and quick("a", 1).kind == "number"
    for args, kwargs in [((), {}), (("a",), {}), (("a", 1), {"kind": "x"}), (("a", 1), {"nope": 1}),
                         (("a", 1, 2, (), [], None, "extra"), {})]:
        with pytest.raises(TypeError):
            plain(*args, **kwargs)
        with pytest.raises(TypeError):
            quick(*args, **kwargs)


@pytest.mark.parametrize("slots", [True, False], ids=["slots", "dict"])
def test_frozen_value_is_a_frozen_dataclass_with_quick_init_s_init_only(slots):
    """`frozen_value` makes the same values as `@dataclass(frozen=True)`, and dataclass makes no `__init__` of
    its own for quick_init to replace (each was compiled at every start)."""
    @frozen_value(slots=slots)
    class Value:
        name: str
        low: float = 0.0
        seen: list = field(default_factory=list)

    assert Value.__dataclass_params__.init is False  # dataclass made no __init__ of its own
    assert "_values" in Value.__init__.__code__.co_varnames or "_set0" in Value.__init__.__globals__
    v = Value("a", 2)
    assert (v.name, v.low, v.seen) == ("a", 2, []) and v == Value("a", 2)
    assert repr(v).endswith("Value(name='a', low=2, seen=[])")
    assert dataclasses.is_dataclass(v) and ("__slots__" in Value.__dict__) is slots
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.low = 3


def test_post_init_runs_once_after_the_fields_are_set():
    seen = []

    @quick_init
    @dataclass(frozen=True, slots=True)
    class Checked:
        low: float
        high: float = 1.0

        def __post_init__(self) -> None:
            seen.append((self.low, self.high))
            if self.low > self.high:
                raise ValueError("low above high")

    Checked(0.5)
    assert seen == [(0.5, 1.0)]
    with pytest.raises(ValueError):
        Checked(3, 2)


def test_what_it_cannot_make_is_refused():
    @dataclass
    class Mutable:
        x: int

    @dataclass(frozen=True)
    class WithInitVar:
        x: int
        scale: InitVar[int] = 1

    @dataclass(frozen=True, kw_only=True)
    class KeywordOnly:
        x: int

    for cls in (Mutable, WithInitVar, KeywordOnly, int):
        with pytest.raises(TypeError):
            quick_init(cls)


def test_factlint_s_hottest_values_use_it():
    from factlint.facts import Cue, Near, NumberClaim
    from factlint.nlp.quantities import Quantity
    from factlint.source import SourceMap, TextBlock

    for cls in (Quantity, Near, Cue, NumberClaim, TextBlock, SourceMap):
        assert cls.__init__.__module__ == cls.__module__ and "_set0" in cls.__init__.__globals__ or \
            "_values" in cls.__init__.__code__.co_varnames, cls
