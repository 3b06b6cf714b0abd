"""⑤ Delivery: a run over many workbooks (check, build), atomic writes, PDFs, bundles and
the bureau's 汇总."""

from ..limits import DEFAULT_LIMITS, Limits
from .atomic import write_atomic
from .build import (
    Run,
    build_all,
    build_run,
    build_workbook,
    check_run,
    output_folder,
)
from .bundle import bundle_name, write_bundle
from .deliver import DeliveryOptions, beside_stale, deliver, plan_delivery
from .lo_profile import prepare_profile
from .newbook import NewBook, import_table, start_from, write_blank
from .pdf import PdfConverter, PdfResult, find_soffice, missing_soffice_message
from .plan import Skipped, WorkbookResult, plan
from .pool import Failure, run_isolated
from .summary import (
    SummaryRow,
    foreign_summary,
    input_at,
    summarise,
    summary_bytes,
    write_summary,
)

__all__ = [
    "DEFAULT_LIMITS",
    "DeliveryOptions",
    "Failure",
    "Limits",
    "NewBook",
    "PdfConverter",
    "PdfResult",
    "Run",
    "SummaryRow",
    "Skipped",
    "WorkbookResult",
    "beside_stale",
    "build_all",
    "build_run",
    "build_workbook",
    "bundle_name",
    "check_run",
    "deliver",
    "find_soffice",
    "foreign_summary",
    "input_at",
    "import_table",
    "missing_soffice_message",
    "output_folder",
    "plan_delivery",
    "plan",
    "prepare_profile",
    "run_isolated",
    "start_from",
    "summarise",
    "summary_bytes",
    "write_atomic",
    "write_blank",
    "write_bundle",
    "write_summary",
]
