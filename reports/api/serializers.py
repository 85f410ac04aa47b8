"""The report API's query (validated) and the shape of its answers (for the OpenAPI schema)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.services import DomainError
from reports.engine import KIND_GROUPS
from reports.periods import period_asked

MAX_ID = 2**63 - 1  # BigAutoField: a larger number cannot be a unit id
UNIT_NEEDED = _("Cần mã đơn vị (id).")


class _FromTo(serializers.Serializer):
    # Adds the `from` and `to` fields, whose names Python keeps for itself (no docstring: the schema
    # would take it as every subclass's description).

    def get_fields(self):
        fields = super().get_fields()
        fields["from"], fields["to"] = self.range_field(), self.range_field()
        return fields

    def range_field(self) -> serializers.Field:
        return serializers.DateField()


class ReportQuerySerializer(_FromTo):
    """`unit` (its whole subtree) and a period: `period`, or `from` and `to`; the period must have begun."""

    unit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={key: UNIT_NEEDED for key in ("required", "invalid", "min_value", "max_value", "null")},
    )
    period = serializers.CharField(required=False, allow_blank=True)

    def range_field(self) -> serializers.Field:
        return serializers.CharField(required=False, allow_blank=True)  # parse_period explains bad dates itself

    def validate(self, attrs):
        try:
            attrs["period"] = period_asked(
                period=attrs.get("period"), date_from=attrs.get("from"), date_to=attrs.get("to")
            )
        except DomainError as error:
            raise serializers.ValidationError({"period": str(error)}) from error
        return attrs


class PetitionKindQuerySerializer(serializers.Serializer):
    """The petitions family's own parameter: one kind group only."""

    kind = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_kind(self, value: str) -> str:
        if value and value not in KIND_GROUPS:
            raise serializers.ValidationError(
                _("Loại đơn phải là một trong: %(kinds)s.") % {"kinds": ", ".join(KIND_GROUPS)}
            )
        return value


# --- answers ---------------------------------------------------------------------------------


class PetitionFiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    carried_over = serializers.IntegerField()
    accepted = serializers.IntegerField()
    must_settle = serializers.IntegerField()
    settled = serializers.IntegerField()
    settled_on_time = serializers.IntegerField()
    overdue_open = serializers.IntegerField()
    resolution_rate = serializers.FloatField(allow_null=True, help_text="Percent; null when nothing had to be settled.")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="Percent of settled cases; null when none.")


class PetitionChildSerializer(PetitionFiguresSerializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    legacy = serializers.BooleanField(required=False, help_text="A pre-2025 province this 2025 province succeeded.")
    own_level = serializers.BooleanField(
        required=False, help_text='The unit\'s own agencies ("Cơ quan cấp tỉnh"…), apart from its sub-units.'
    )


class ReportHeaderSerializer(_FromTo):
    """What every report answer starts with; the view adds it to each family's figures."""

    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    computed_at = serializers.DateTimeField()
    locked = serializers.BooleanField()


class PetitionReportFiguresSerializer(PetitionFiguresSerializer):
    target_rate = serializers.FloatField()
    by_kind = serializers.DictField(child=PetitionFiguresSerializer(), help_text=f"Keys: {', '.join(KIND_GROUPS)}.")
    children = PetitionChildSerializer(
        many=True, help_text="Each sub-unit, then the unit's own level (`own_level`): together they add up to the unit."
    )


class ReceptionFiguresSerializer(serializers.Serializer):
    sessions = serializers.IntegerField()
    head_sessions = serializers.IntegerField()
    delegated_sessions = serializers.IntegerField()
    visits = serializers.IntegerField()
    citizens = serializers.IntegerField()
    delegations = serializers.IntegerField()
    required_head_days = serializers.IntegerField()
    held_head_days = serializers.IntegerField()
    counted_head_days = serializers.IntegerField()
    compliance_rate = serializers.FloatField(allow_null=True, help_text="Percent; null when no day was required.")
    # Snapshots computed before these keys existed lack them, hence not required.
    required_ended_head_days = serializers.IntegerField(
        required=False,
        help_text="Required head days over the weeks or months already ended (the running one left out).",
    )
    counted_ended_head_days = serializers.IntegerField(
        required=False, help_text="Counted head days over the weeks or months already ended."
    )


class ReceptionChildSerializer(ReceptionFiguresSerializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    own_level = serializers.BooleanField(
        required=False, help_text='The unit\'s own agencies ("Cơ quan cấp tỉnh"…), apart from its sub-units.'
    )


class ReceptionReportFiguresSerializer(ReceptionFiguresSerializer):
    children = ReceptionChildSerializer(
        many=True, help_text="Each sub-unit, then the unit's own level (`own_level`): together they add up to the unit."
    )


# --- the ethnicity breakdown (reports/ethnicity.py) ------------------------------------------


class EthnicityFiguresSerializer(serializers.Serializer):
    petitions = serializers.IntegerField(help_text="Petitions received in the period, denunciations left out.")
    visits = serializers.IntegerField(help_text="Reception visits (not thematic dialogues), denunciations left out.")
    minority_petitions = serializers.IntegerField(help_text="Of them, with at least one ethnic-minority petitioner.")
    minority_visits = serializers.IntegerField(help_text="Of them, with at least one ethnic-minority citizen.")


class EthnicityGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="A GSO ethnicity code (01 Kinh, 99 foreign nationals), `other_minority` or `unknown`."
    )
    codes = serializers.ListField(
        child=serializers.CharField(), help_text="The codes the row holds: the lists' `ethnicity` filter values."
    )
    petitions = serializers.IntegerField()
    visits = serializers.IntegerField()


class EthnicityChildSerializer(EthnicityFiguresSerializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    own_level = serializers.BooleanField(
        required=False, help_text='The unit\'s own agencies ("Cơ quan cấp tỉnh"…), apart from its sub-units.'
    )


class EthnicityReportFiguresSerializer(EthnicityFiguresSerializer):
    groups = EthnicityGroupSerializer(
        many=True,
        help_text="By the lead petitioner's (citizen's) group: the five largest minority groups, the other "
        "minorities, Kinh, foreign nationals and unknown; the rows add up to `petitions` and `visits`.",
    )
    children = EthnicityChildSerializer(
        many=True, help_text="Each sub-unit, then the unit's own level (`own_level`): together they add up to the unit."
    )
