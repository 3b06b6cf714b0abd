"""⑤ Delivery: build orchestration and atomic writes."""

from .atomic import write_atomic
from .build import WorkbookResult, build_all, build_workbook, output_folder

__all__ = ["WorkbookResult", "build_all", "build_workbook", "output_folder", "write_atomic"]
