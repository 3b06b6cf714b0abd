"""Every use of Jinja's internals, in one place.

The Excel engine runs a compiled template in a scope of its own (a ChainMap, not a copied
dict: the context is lazy) and needs to know why a StrictUndefined value is undefined.
Jinja's public API offers neither, so these functions wrap the attributes they use;
pyproject.toml pins Jinja to the range they were tested with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, Template, Undefined
from jinja2.exceptions import SecurityError


def run(env: Environment, template: Template, scope: Mapping[str, Any]) -> None:
    """Run ``template`` for its side effects in ``scope`` (``root_render_func``).

    An exception is re-raised by ``env.handle_exception`` with the template's own line
    numbers in its traceback (frames named ``<template>``).
    """
    _run(env, template, scope)


def _run(env: Environment, template: Template, scope: Mapping[str, Any]) -> Any:
    """Run ``template`` in ``scope``; its context (top-level ``set`` values in ``.vars``)."""
    try:
        ctx = template.new_context(scope, shared=True)  # type: ignore[arg-type]
        for _ in template.root_render_func(ctx):
            pass
    except Exception:
        env.handle_exception()
    return ctx


_EXPRESSIONS: dict[tuple[int, str], Template] = {}


def evaluate(env: Environment, expression: str, scope: Mapping[str, Any]) -> Any:
    """The value of a Jinja ``expression`` in ``scope`` (not copied: the context is lazy),
    through a top-level ``{% set %}`` read back from the context (``ctx.vars``)."""
    key = (id(env), expression)
    template = _EXPRESSIONS.get(key)
    if template is None:
        template = _EXPRESSIONS[key] = env.from_string(
            "{% set _xl_value = (" + expression + ") %}")
    return _run(env, template, scope).vars["_xl_value"]


def undefined_message(undefined: Undefined) -> str:
    """Why a StrictUndefined value is undefined (``_undefined_message``)."""
    message: str = undefined._undefined_message
    return message


def undefined_is_unsafe(undefined: Undefined) -> bool:
    """True when the sandbox refused the access (``_undefined_exception``)."""
    return undefined._undefined_exception is SecurityError
