"""Walking the store profile's pydantic fields, for the template and the documentation.

Both the commented ``store.yaml`` and ``docs/bundle.md`` are generated from the Field
descriptions, so they cannot drift from what the validator accepts.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


@dataclass(frozen=True)
class FieldDoc:
    """One profile field as documentation sees it."""

    name: str
    type_name: str
    required: bool
    default: Any
    description: str
    example: Any
    item_model: type[BaseModel] | None  # set for lists of models (markets, vendors, …)


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [_type_name(a) for a in args if a is not type(None)]
        return " | ".join(inner)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping {_type_name(args[0])} → {_type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return getattr(annotation, "__name__", str(annotation))


def item_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[Model]`` / ``Model | None`` / ``Model``, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None if info.default is PydanticUndefined else info.default


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    """The documented fields of a pydantic model, in declaration order."""
    docs = []
    for name, info in model.model_fields.items():
        item = item_model(info.annotation)
        default = _default(info)
        example = info.examples[0] if info.examples else None
        if example is None and item is not None:
            example = [example_of(item)]
        docs.append(
            FieldDoc(
                name=name,
                type_name=_type_name(info.annotation),
                required=info.is_required(),
                default=default,
                description=info.description or "",
                example=example if example is not None else default,
                item_model=item,
            )
        )
    return docs


def example_of(model: type[BaseModel]) -> dict[str, Any]:
    """An example instance of ``model`` as a plain mapping (examples, else defaults)."""
    return {doc.name: doc.example for doc in field_docs(model) if doc.example is not None}
