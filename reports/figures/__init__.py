"""Report figures. Each module computes its figures with a fixed number of
aggregate queries, whatever the number of rows; Python only arranges the few
grouped rows that come back (months, routes, units, officers)."""
