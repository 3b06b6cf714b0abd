"""xlgen: 预算绩效文书生成 — input workbook → checked model → official Excel and Word documents."""

__version__ = "0.1.0"
