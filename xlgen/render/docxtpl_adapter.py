"""Every use of docxtpl's internals, in one place.

xlgen overrides three docxtpl methods to locate template errors (the paragraph and the part
being rendered) and reads the parts the way docxtpl patches them. These are not public
docxtpl API; pyproject.toml pins docxtpl to the range they were tested with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.opc.oxml import parse_xml
from docxtpl import DocxTemplate

# Where docxtpl left a paragraph-level tag ({%p …%}) between two elements: put it on its
# own line, so an error in it is reported on that tag, not on the paragraph before it.
_BLOCK_TAG_AFTER_ELEMENT = re.compile(r"(</w:(?:p|tbl|tr|tc|sdt)>|<w:body>)(?=\{[%{#])")


class ReportTemplate(DocxTemplate):
    """DocxTemplate that remembers the source it is rendering, to locate errors."""

    current_source: str = ""
    current_kind: str = "body"

    def patch_xml(self, src_xml: str) -> str:
        return _BLOCK_TAG_AFTER_ELEMENT.sub(r"\1\n", super().patch_xml(src_xml))

    def map_tree(self, tree: Any) -> None:
        # Drop the line breaks left between elements (ours and docxtpl's): text of a
        # document lives in w:t elements, never in an element's tail.
        for element in tree.iter():
            if element.tail is not None and not element.tail.strip():
                element.tail = None
        super().map_tree(tree)

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> Any:
        # docxtpl starts each paragraph on a new line; line numbers then point at paragraphs.
        self.current_source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_kind = _kind_of(part.partname)
        return super().render_xml_part(src_xml, part, context, jinja_env)


def _kind_of(partname: str) -> str:
    name = str(partname)
    if "header" in name:
        return "header"
    if "footer" in name:
        return "footer"
    return "body"


@dataclass(frozen=True)
class TemplatePart:
    """One renderable part of a template (body, a header, a footer) as docxtpl sees it."""

    kind: str
    xml: str  # as stored
    source: str  # patched for Jinja, one paragraph a line


def template_parts(tpl: ReportTemplate) -> Iterator[TemplatePart]:
    doc = tpl.docx
    body = tpl.get_xml()
    yield TemplatePart("body", body, numbered(tpl.patch_xml(body)))
    for uri, kind in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        for rel in doc.part.rels.values():
            if rel.reltype == uri and not rel.is_external and rel.target_part.blob:
                xml = tpl.xml_to_string(parse_xml(rel.target_part.blob))
                yield TemplatePart(kind, xml, numbered(tpl.patch_xml(xml)))




def numbered(src_xml: str) -> str:
    """The source with each paragraph on its own line (Jinja line numbers → paragraphs)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)


def every_paragraph(document: Any) -> Iterator[Any]:
    """Every paragraph of a python-docx document: the body, its tables' cells (nested too),
    and the headers and footers of its sections that are their own."""
    containers: list[Any] = [document]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):
            if not part.is_linked_to_previous:
                containers.append(part)
    for container in containers:
        yield from _paragraphs_in(container)


def _paragraphs_in(container: Any) -> Iterator[Any]:
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs_in(cell)
