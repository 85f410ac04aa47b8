"""API shapes for petitions. Output is identity-aware: a denouncer shows as a pseudonym unless allowed."""

from rest_framework import serializers

from petitions.models import Case, EnforcementMeasure, Petition, Proposal, Verification, VerificationStep
from petitions.selectors import identity_visible
from portal.choices import ETHNICITY_CHOICES
from portal.limits import CODE_MAX_LENGTH, LONG_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH


class PetitionerInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_representative = serializers.BooleanField(required=False, default=False)
    ethnicity = serializers.ChoiceField(choices=ETHNICITY_CHOICES, required=False, allow_blank=True, default="")
    nationality = serializers.CharField(max_length=60, required=False, allow_blank=True, default="Việt Nam")


class PetitionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Petition._meta.get_field("kind").choices)
    round = serializers.ChoiceField(choices=[1, 2], default=1)
    channel = serializers.ChoiceField(choices=Petition._meta.get_field("channel").choices)
    received_on = serializers.DateField()
    summary = serializers.CharField(max_length=255)
    content = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    field = serializers.ChoiceField(choices=Petition._meta.get_field("field").choices, default="other")
    is_anonymous = serializers.BooleanField(required=False, default=False)
    has_specific_evidence = serializers.BooleanField(required=False, default=False)
    case = serializers.CharField(
        max_length=CODE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Existing case code to join.",
    )
    petitioners = PetitionerInputSerializer(many=True, required=False, default=list)


class PetitionSerializer(serializers.ModelSerializer):
    deadline_state = serializers.CharField(read_only=True, allow_null=True)
    case = serializers.CharField(source="case.code", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    handling_agency = serializers.IntegerField(source="handling_agency_id", read_only=True)
    petitioners = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "register_number",
            "kind",
            "round",
            "status",
            "channel",
            "field",
            "summary",
            "received_on",
            "accepted_on",
            "deadline",
            "deadline_state",
            "settled_on",
            "settlement_form",
            "result",
            "unit",
            "unit_name",
            "handling_agency",
            "case",
            "qualified",
            "within_authority",
            "outcome",
            "complexity",
            "remote_area",
            "notice_due",
            "acceptance_due",
            "settlement_due",
            "version",
            "petitioners",
        ]

    def get_petitioners(self, petition) -> list[dict]:
        # Lists never reveal a denouncer, even to those allowed: identity is shown (and logged) on detail only.
        request = self.context.get("request")
        show = self.context.get("show_identity", False)
        if petition.is_confidential and not (show and request and identity_visible(request.user, petition)):
            return [{"pseudonym": petition.pseudonym}]
        return [
            {
                "full_name": p.full_name,
                "address": p.address,
                "id_number": p.id_number,
                "phone": p.phone,
                "is_representative": p.is_representative,
                "ethnicity": p.ethnicity,
                "nationality": p.nationality,
            }
            for p in petition.petitioners.all()
        ]


class PetitionDetailSerializer(PetitionSerializer):
    deadlines = serializers.JSONField(read_only=True)
    content = serializers.CharField(read_only=True)

    class Meta(PetitionSerializer.Meta):
        fields = [*PetitionSerializer.Meta.fields, "content", "deadlines"]


class CaseSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    lead_petition = serializers.IntegerField(source="lead_petition_id", read_only=True, allow_null=True)
    petitions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "unit",
            "status",
            "within_authority",
            "accepted_on",
            "settlement_due",
            "settled_on",
            "lead_petition",
            "petitions",
        ]

    def get_petitions(self, case) -> list[str]:
        return [p.register_number for p in case.petitions.all()]


class ProposalSerializer(serializers.ModelSerializer):
    petition = serializers.CharField(source="petition.register_number", read_only=True)
    petition_id = serializers.IntegerField(read_only=True)
    deadline = serializers.DateField(source="petition.deadline", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "petition",
            "petition_id",
            "step",
            "data",
            "note",
            "status",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "comments",
            "deadline",
        ]


class DecisionSerializer(serializers.Serializer):
    comments = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class VerificationStepSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code")
    label = serializers.CharField(source="step.label", read_only=True)

    class Meta:
        model = VerificationStep
        fields = ["id", "step", "label", "happened_on", "minutes"]


class VerificationSerializer(serializers.ModelSerializer):
    petition = serializers.CharField(source="petition.register_number", read_only=True)
    steps = VerificationStepSerializer(many=True, read_only=True)

    class Meta:
        model = Verification
        fields = [
            "id",
            "petition",
            "agency",
            "lead",
            "members",
            "assigned_on",
            "due_on",
            "conclusion",
            "concluded_on",
            "steps",
        ]


class VerificationAssignSerializer(serializers.Serializer):
    petition = serializers.IntegerField()
    agency = serializers.IntegerField()
    lead = serializers.IntegerField()
    members = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    due_on = serializers.DateField()


class StepInputSerializer(serializers.Serializer):
    step = serializers.CharField(max_length=50)
    happened_on = serializers.DateField()
    minutes = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class MeasureSerializer(serializers.ModelSerializer):
    petition_id = serializers.IntegerField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = EnforcementMeasure
        fields = [
            "id",
            "petition_id",
            "kind",
            "description",
            "responsible",
            "due_on",
            "ordered_amount",
            "done_amount",
            "done_on",
            "note",
            "is_overdue",
        ]
        read_only_fields = ["done_amount", "done_on", "note"]


class MeasureReportSerializer(serializers.Serializer):
    done_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")
