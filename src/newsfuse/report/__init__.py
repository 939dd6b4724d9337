"""The report in every form: JSON and its schema (``document``), the Markdown brief (``markdown``),
CSV and GeoJSON exports (``exports``), and how numbers read in all of them (``text``). Used by the
command line and the server alike."""

from newsfuse.report.document import report_dict, report_json_chunks, report_schema, to_json
from newsfuse.report.exports import full_report, report_csv, report_geojson
from newsfuse.report.markdown import to_markdown
from newsfuse.report.text import counted, format_number, format_range, published_range

__all__ = ["counted", "format_number", "format_range", "full_report", "published_range", "report_csv",
           "report_dict", "report_geojson", "report_json_chunks", "report_schema", "to_json", "to_markdown"]
