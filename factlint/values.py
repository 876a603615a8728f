"""Frozen dataclasses made at the speed of plain ones.

A frozen dataclass's generated `__init__` sets each field with `object.__setattr__(self, "name", value)`
(its own `__setattr__` refuses): a call that looks the name up, per field. factlint makes its values by the
hundred thousand per run (a Quantity, a Near, a Cue, a TextBlock and its SourceMap per number, mention
or block), and those calls were about 5% of linting. `quick_init` gives a frozen dataclass an `__init__`
that sets each slot through its descriptor (or, without slots, each entry of the instance's dictionary)
instead: the same values, defaults, factories and `__post_init__`, the same refusal of any later change,
in about 60% of the time.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, TypeVar

try:  # (Python 3.11+: type checkers then see `frozen_value` classes as dataclasses)
    from typing import dataclass_transform
except ImportError:  # pragma: no cover
    def dataclass_transform(**_):
        return lambda decorator: decorator

_T = TypeVar("_T", bound=type)


@dataclass_transform(frozen_default=True)
def frozen_value(cls: _T | None = None, /, *, slots: bool = True) -> _T | Callable[[_T], _T]:
    """`@dataclass(frozen=True, slots=slots)` with quick_init's `__init__`: dataclass is told not to make its
    own (made and then replaced, it was compiled twice at every start)."""
    def make(c: _T) -> _T:
        return quick_init(dataclasses.dataclass(frozen=True, slots=slots, init=False)(c))

    return make if cls is None else make(cls)


def quick_init(cls: _T) -> _T:
    """Give a frozen dataclass the `__init__` described above (`frozen_value` applies it to a dataclass made
    without one): with `slots=True`, each field is set through its slot's descriptor; without, stored in the
    instance's dictionary."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise TypeError(f"quick_init needs a frozen dataclass, not {cls.__qualname__}")
    slotted = "__slots__" in cls.__dict__
    env: dict[str, object] = {"_MISSING": dataclasses.MISSING}
    args: list[str] = []
    body: list[str] = [] if slotted else ["    _values = self.__dict__"]
    if len(dataclasses.fields(cls)) != len(cls.__dataclass_fields__) or \
            any(f.kw_only for f in dataclasses.fields(cls)):
        raise TypeError(f"quick_init: {cls.__qualname__}: init-only and keyword-only fields are not supported")

    def store(i: int, name: str, value: str) -> str:
        return f"    _set{i}(self, {value})" if slotted else f"    _values[{name!r}] = {value}"

    for i, f in enumerate(dataclasses.fields(cls)):
        if slotted:
            env[f"_set{i}"] = getattr(cls, f.name).__set__  # the slot's member descriptor
        if f.default is not dataclasses.MISSING:
            env[f"_default{i}"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            env[f"_factory{i}"] = f.default_factory
        if f.init:
            if f.default is not dataclasses.MISSING:
                args.append(f"{f.name}=_default{i}")
            elif f.default_factory is not dataclasses.MISSING:
                args.append(f"{f.name}=_MISSING")
                body.append(f"    if {f.name} is _MISSING: {f.name} = _factory{i}()")
            else:
                args.append(f.name)
            body.append(store(i, f.name, f.name))
        elif f.default is not dataclasses.MISSING:
            body.append(store(i, f.name, f"_default{i}"))
        elif f.default_factory is not dataclasses.MISSING:
            body.append(store(i, f.name, f"_factory{i}()"))
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(args)}):\n" + "\n".join(body or ["    pass"]) + "\n"
    exec(source, env)  # noqa: S102 (the source is made here, from the class's own field names)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init
    return cls
