"""Detail lookups that refuse on the record: one home for "this row, if the
user may see it". A pk outside what the user may see, or one that does not
exist, is the same 404 to the user and a PERMISSION_DENIED event in the trail
(lead_ops.errors.page_not_found writes it), so probing ids is never silent."""

from django.db.models import Model, QuerySet

from lead_ops.errors import NotVisible


def get_visible_or_404(visible: QuerySet, pk, message: str = "Not found") -> Model:
    """The row `pk` of `visible` (a selector's queryset for the acting user).
    Not there: NotVisible, an audited 404."""
    row = visible.filter(pk=pk).first()
    if row is None:
        raise NotVisible(visible.model._meta.label_lower, pk, message)
    return row
