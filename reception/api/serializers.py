from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from petitions.choices import Field, Kind
from portal.limits import LONG_TEXT_MAX_LENGTH
from reception.choices import AdhocReason, Place, ReceivedBy, RefusalGround, SessionKind, VisitAction
from reception.models import ReceptionSession, ReceptionVisit


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
        "example": "07:30:00",
        "description": "Local wall-clock time: HH:MM:SS in answers; HH:MM or HH:MM:SS accepted.",
    }
)
class ClockTimeField(serializers.TimeField):
    """A local time of day. Declared as a pattern: OpenAPI's `format: time` would demand a UTC offset."""


class CitizenSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_representative = serializers.BooleanField(required=False, default=False)


class VisitInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    field = serializers.ChoiceField(choices=Field.choices, default="other")
    content = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    action = serializers.ChoiceField(choices=VisitAction.choices)
    citizens = CitizenSerializer(many=True)
    people_count = serializers.IntegerField(min_value=1, default=1)
    representatives = serializers.IntegerField(min_value=0, default=0)
    first_visit = serializers.BooleanField(default=True)
    guided_to = serializers.IntegerField(required=False, allow_null=True, default=None)
    refusal_ground = serializers.ChoiceField(
        choices=RefusalGround.choices, required=False, allow_blank=True, default=""
    )
    refusal_notice_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    refusal_notice_on = serializers.DateField(required=False, allow_null=True, default=None)


class SessionInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    start_time = ClockTimeField(required=False, allow_null=True, default=None)
    end_time = ClockTimeField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    received_by = serializers.ChoiceField(choices=ReceivedBy.choices)
    receiver_name = serializers.CharField(max_length=200)
    place = serializers.ChoiceField(choices=Place.choices, default=Place.HEADQUARTERS)
    adhoc_reason = serializers.ChoiceField(choices=AdhocReason.choices, required=False, allow_blank=True, default="")
    participants = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    visits = VisitInputSerializer(many=True)


class SessionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    start_time = ClockTimeField(required=False, allow_null=True)
    end_time = ClockTimeField(required=False, allow_null=True)
    receiver_name = serializers.CharField(max_length=200, required=False)
    participants = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True)


class CitizenOutSerializer(serializers.Serializer):
    """One citizen of a visit; only `{"hidden": true}` when the caller may not see who came."""

    full_name = serializers.CharField(required=False)
    id_number = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    is_representative = serializers.BooleanField(required=False)
    hidden = serializers.BooleanField(required=False)


class VisitSerializer(serializers.ModelSerializer):
    petition = serializers.CharField(
        source="petition.register_number",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="Register number of the petition the visit opened; null when it opened none.",
    )
    citizens = serializers.SerializerMethodField()
    session = serializers.IntegerField(source="session_id", read_only=True)

    class Meta:
        model = ReceptionVisit
        fields = [
            "id",
            "session",
            "kind",
            "field",
            "content",
            "action",
            "people_count",
            "is_delegation",
            "representatives",
            "first_visit",
            "guided_to",
            "refusal_ground",
            "refusal_notice_no",
            "petition",
            "citizens",
        ]

    @extend_schema_field(CitizenOutSerializer(many=True))
    def get_citizens(self, visit) -> list[dict]:
        from reception.selectors import visit_identity_visible

        request = self.context.get("request")
        if request is None or not visit_identity_visible(request.user, visit):
            return [{"hidden": True}]
        return [
            {
                "full_name": c.full_name,
                "id_number": c.id_number,
                "address": c.address,
                "is_representative": c.is_representative,
            }
            for c in visit.citizens.all()
        ]


class SessionSerializer(serializers.ModelSerializer):
    visits = VisitSerializer(many=True, read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    start_time = ClockTimeField(read_only=True, allow_null=True)
    end_time = ClockTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ReceptionSession
        fields = [
            "id",
            "unit",
            "agency",
            "agency_name",
            "date",
            "start_time",
            "end_time",
            "place",
            "kind",
            "received_by",
            "receiver_name",
            "adhoc_reason",
            "participants",
            "notes",
            "version",
            "visits",
        ]
