from django import forms

from lead_ops.form_rendering import BootstrapFormMixin

from .models import ReportExport
from .selectors import identified_rows_allowed


class ExportForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="What to export", choices=ReportExport.Kind.choices, widget=forms.RadioSelect)
    format = forms.ChoiceField(
        label="Format",
        choices=ReportExport.Format.choices,
        widget=forms.RadioSelect,
        initial=ReportExport.Format.CSV,
        help_text="CSV downloads at once. Excel files are prepared in the background; you get a link to download.",
    )
    deidentified = forms.BooleanField(
        label="De-identified",
        required=False,
        initial=True,
        help_text="No names, dates of birth, incident numbers or exact dates; people and officers as keyed codes.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == ReportExport.Kind.REFERRALS
            and not data.get("deidentified")
            and not identified_rows_allowed(self.user)
        ):
            self.add_error(
                "deidentified",
                "Referrals with names are exported only by those who may open them one by one; "
                "choose a de-identified export.",
            )
        return data
