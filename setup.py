"""The one build step pyproject.toml cannot say: ship the top-level templates/ folder inside the
package as ``xlgen/templates`` (every file, every set sub-folder), so that an installed xlgen
has its default templates (``xlgen.render.shipped_templates_dir()``).

templates/ stays at the repository's top level, where template maintainers find it; an
editable install (``make test``) reads it there. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Never shipped: Office's lock files of a template open in Excel/Word/WPS, editor and OS litter.
LITTER = ("~$*", ".~lock.*#", "*.tmp", ".DS_Store", "Thumbs.db", "desktop.ini", "*.pyc")


def template_files() -> list[Path]:
    """Every file under templates/ that ships, relative to it, in a stable order."""
    return sorted(
        path.relative_to(TEMPLATES)
        for path in TEMPLATES.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not any(fnmatch.fnmatch(path.name, pattern) for pattern in LITTER)
    )


class BuildWithTemplates(build_py):
    """build_py, then copy templates/ to ``<build>/xlgen/templates`` (not in editable mode:
    there the checkout's templates/ is read in place)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "xlgen" / "templates"
        shutil.rmtree(target, ignore_errors=True)  # a template deleted since the last build
        for rel in template_files():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            self.copy_file(str(TEMPLATES / rel), str(target / rel))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        target = Path(self.build_lib) / "xlgen" / "templates"
        return outputs + [str(target / rel) for rel in template_files()]


setup(cmdclass={"build_py": BuildWithTemplates})
