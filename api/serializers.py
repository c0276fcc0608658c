"""What goes in and out of the API, as the schema documents it."""

from rest_framework import serializers

from lead_ops import events

from .services import PrefillInput


class PrefillSerializer(serializers.Serializer):
    incident_number = serializers.CharField(max_length=40)
    badge_number = serializers.CharField(max_length=20, help_text="The officer's, within the client's agency.")
    occurred_at = serializers.DateTimeField(help_text="When the contact happened (ISO 8601, with offset).")
    route = serializers.ChoiceField(choices=["arrest-diversion", "social-contact"], default="arrest-diversion")
    location_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    beat = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    precinct_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    offenses = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        required=False,
        default=list,
        max_length=20,
        help_text="Offense codes, e.g. drug-possession.",
    )
    drug_type = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    quantity_grams = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, max_value=99999, required=False, allow_null=True, default=None
    )
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    middle_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)

    def to_input(self) -> PrefillInput:
        data = dict(self.validated_data)
        data["offenses"] = tuple(data.get("offenses") or ())
        return PrefillInput(**data)


class PrefillResultSerializer(serializers.Serializer):
    draft = serializers.UUIDField()
    officer_badge_number = serializers.CharField()
    link = serializers.URLField(help_text="Opens the prefilled form for the officer (signed in).")
    qr_code = serializers.URLField(help_text="An SVG QR code of the link, for the RMS to show.")
    filed_referral = serializers.IntegerField(allow_null=True, help_text="Set once the officer has filed it.")


class ReferralStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    incident_number = serializers.CharField()
    route = serializers.CharField()
    filed_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    decision = serializers.CharField(allow_null=True)
    eligibility = serializers.CharField()
    handed_off_to = serializers.CharField(allow_null=True)
    intake_deadline = serializers.DateField(allow_null=True)


class FiguresQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    route = serializers.SlugField(required=False)


class SubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=list(events.KINDS)), min_length=1)
    is_active = serializers.BooleanField(read_only=True)
    secret = serializers.CharField(read_only=True, help_text="Shown only in the answer that creates it.")
