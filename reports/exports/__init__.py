"""Exports: what goes in each kind of export (tables.py) and how it is written
(writers.py). Files are built in the background by services.report_export_build;
CSV can also stream straight to the browser."""
