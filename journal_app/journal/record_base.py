"""How a record's fields check themselves, and the two base classes every record shares.

A field is declared with ``_f(check, default)``; ``Block.from_dict`` runs each field's
check with the field's JSON path, so every refusal says exactly where it is
(``interactions[3].kind: unknown value "moan"``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..errors import InvalidRecord
from . import validate as v

Check = Callable[[Any, str], Any]
R = TypeVar("R", bound="Block")


def _f(check: Check, default: Any = "", **meta: Any) -> Any:
    if isinstance(default, list | dict):
        def factory(d: Any = default) -> Any:
            return (type(d)(d))
        return field(default_factory=factory, metadata={"check": check, **meta})
    return field(default=default, metadata={"check": check, **meta})


def _text(path_value: Any, path: str) -> str:
    return v.text(path_value, path)


def _short(value: Any, path: str) -> str:
    return v.text(value, path, limit=v.MAX_SHORT)


def _choice(options: tuple[str, ...], nullable: bool = False) -> Check:
    return lambda value, path: v.choice(value, options, path, nullable=nullable)


def _ref(value: Any, path: str) -> str:
    return v.text(value, path, limit=v.MAX_SHORT, required=True)


def _id(value: Any, path: str) -> str:
    return v.text(value, path, limit=200)


def _opt_ref(value: Any, path: str) -> str | None:
    return None if value in (None, "") else _ref(value, path)


def _refs(value: Any, path: str) -> list[str]:
    return [_ref(x, f"{path}[{i}]") for i, x in enumerate(v.text_list(value, path))]


def _criteria(value: Any, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRecord(path, "must be a list")
    return [v.criterion_ref(x, f"{path}[{i}]") for i, x in enumerate(value)]


def _block(cls: type[Block], nullable: bool) -> Check:
    def check(value: Any, path: str) -> Any:
        if value is None:
            return None if nullable else cls()
        if isinstance(value, cls):
            value = value.to_dict()
        return cls.from_dict(value, path)

    return check


@dataclass
class Block:
    """A group of fields that (de)serialises with checks; records and nested blocks."""

    @classmethod
    def from_dict(cls: type[R], data: Any, path: str = "") -> R:
        if not isinstance(data, dict):
            raise InvalidRecord(path, "must be an object")
        values: dict[str, Any] = {}
        extra = {}
        names = {f.name for f in dataclasses.fields(cls)}
        for f in dataclasses.fields(cls):
            if "check" not in f.metadata:
                continue
            sub = f"{path}.{f.name}" if path else f.name
            raw = data.get(f.name, _default_of(f))
            values[f.name] = f.metadata["check"](raw, sub)
        for key, value in data.items():
            if key not in names:
                extra[key] = value
        record = cls(**values)
        if extra and "extra" in names:
            record.extra = extra  # type: ignore[attr-defined]
        return record

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if "check" not in f.metadata:
                continue
            value = getattr(self, f.name)
            if f.metadata.get("optional") and value in (None, []):
                continue  # an optional later addition, left out when empty (older files stay exact)
            if isinstance(value, list) and any(isinstance(x, Block) for x in value):
                out[f.name] = [x.to_dict() if isinstance(x, Block) else x for x in value]
                continue
            out[f.name] = value.to_dict() if isinstance(value, Block) else _copy(value)
        extra = getattr(self, "extra", None)
        if extra:
            for key, value in extra.items():
                out.setdefault(key, value)
        return out

    def validated(self: R, path: str = "") -> R:
        """A checked copy; raises InvalidRecord naming the first bad field."""
        checked = type(self).from_dict(self.to_dict(), path)
        for f in dataclasses.fields(self):
            if "check" not in f.metadata:
                setattr(checked, f.name, getattr(self, f.name))
        return checked


def _default_of(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


@dataclass
class Record(Block):
    """A stored record: an id, when it was written and edited, and keys we don't know."""

    TYPE: ClassVar[str] = ""
    TABLE: ClassVar[str] = ""
    ID_PREFIX: ClassVar[str] = ""
    LINKS: ClassVar[tuple[str, ...]] = ()  # list fields kept in link tables

    created_at: str = field(default="", kw_only=True)
    updated_at: str = field(default="", kw_only=True)
    edits: int = field(default=0, kw_only=True)
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)

    if TYPE_CHECKING:  # every record type declares its own ``id`` as its first field
        id: str
