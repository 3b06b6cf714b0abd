"""The sample input workbooks' content, one module per seed (see make_samples.py).

Each module defines ``PATH`` (relative to the project root), ``YEAR``, ``DEPT``, ``NOTES``
(appended to the workbook's 说明 sheet) and ``DATA`` (the mapping ``write_input_workbook``
takes; amounts are exact ``Decimal``).
"""

from . import fullyear, seed000, seed001, seed002

SAMPLES = (seed000, seed001, seed002, fullyear)
