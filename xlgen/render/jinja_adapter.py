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
    try:
        ctx = template.new_context(scope, shared=True)  # type: ignore[arg-type]
        for _ in template.root_render_func(ctx):
            pass
    except Exception:
        env.handle_exception()


def undefined_message(undefined: Undefined) -> str:
    """Why a StrictUndefined value is undefined (``_undefined_message``)."""
    message: str = undefined._undefined_message
    return message


def undefined_is_unsafe(undefined: Undefined) -> bool:
    """True when the sandbox refused the access (``_undefined_exception``)."""
    return undefined._undefined_exception is SecurityError
