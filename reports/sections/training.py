"""The section the training app's data makes: coverage of required training by unit."""

from reports.figures import training

from . import ReportQuery, Section


def _training(query: ReportQuery):
    units = query.filters.apply_to_units(query.scope.units())
    return [training.training_coverage(training.coverage_groups(units))]


SECTION = Section("training", "Peer training", _training, order=60)
