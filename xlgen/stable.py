"""The one fixed time of every file xlgen writes, so the same input gives the same bytes.

Document properties (created, modified) of the Excel and Word outputs, the 汇总 and the blank
input workbook, and the timestamps of every zip member (packages, bundles) use it.
"""

from __future__ import annotations

from datetime import UTC, datetime

FIXED_TIME = datetime(2000, 1, 1)  # naive, for openpyxl and xlsxwriter (written as UTC)
FIXED_TIME_UTC = FIXED_TIME.replace(tzinfo=UTC)  # for python-docx's core properties
ZIP_TIME = (FIXED_TIME.year, FIXED_TIME.month, FIXED_TIME.day, 0, 0, 0)  # zip member times

__all__ = ["FIXED_TIME", "FIXED_TIME_UTC", "ZIP_TIME"]
