"""The filters of a list page (the referral list, the review queue).

Written into the page when they are in use or asked for; otherwise the page
holds a link that htmx follows when the user opens the panel, loading the form
in place (without JavaScript, the link loads the page with the form). A page
load that filters nothing so builds no filter form and reads none of its
choices (routes, units, officers): three queries fewer, and the form's
rendering, on every such load of the queue."""

PARAM = "filters"
SHOW = "show"  # the page, with the form open (the link without JavaScript)
FORM = "form"  # the form alone, for htmx to place in the opened panel


def filter_query(params):
    """The request's query without the panel's own key, which filters nothing."""
    query = params.copy()
    query.pop(PARAM, None)
    return query


def applied_filters(params) -> dict:
    """The filters a request applies: every key with a value but the page and the
    panel's own. The filter set is bound only to these, and the list's audit record
    names them."""
    return {key: value for key, value in params.items() if key not in ("page", PARAM) and value}


def panel_form_wanted(request) -> bool:
    """htmx asks for the form alone, to place in the panel just opened."""
    return bool(request.htmx) and request.GET.get(PARAM) == FORM


def panel_open(request, filterset) -> bool:
    """The form is written into the page: filters are applied, or the form was asked for."""
    return filterset.is_bound or request.GET.get(PARAM) in (SHOW, FORM)
