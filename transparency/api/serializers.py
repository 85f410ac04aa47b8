"""The public API's shapes: only a decision's own fields and its redacted text, never the case or a person."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from transparency.models import PublishedDecision, PublishedDecisionVersion


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublishedDecisionVersion
        fields = ["number", "published_at", "note"]
        read_only_fields = fields


class PublicDecisionSerializer(serializers.ModelSerializer):
    field_label = serializers.CharField(source="get_field_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    version = serializers.IntegerField(source="version_count", read_only=True, help_text="The latest version's number.")
    updated_at = serializers.DateTimeField(read_only=True, help_text="When the latest version was posted.")

    class Meta:
        model = PublishedDecision
        fields = [
            "id",
            "number",
            "decided_on",
            "title",
            "field",
            "field_label",
            "unit",
            "unit_name",
            "agency_name",
            "published_on",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class PublicDecisionDetailSerializer(PublicDecisionSerializer):
    text = serializers.SerializerMethodField(help_text="The latest version's redacted text.")
    corrections = serializers.SerializerMethodField(help_text="Each correction's date and reason (not old texts).")

    class Meta(PublicDecisionSerializer.Meta):
        fields = [*PublicDecisionSerializer.Meta.fields, "text", "corrections"]
        read_only_fields = fields

    def get_text(self, decision) -> str:
        return self.context["current"].text

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, decision):
        return CorrectionSerializer(self.context["corrections"], many=True).data
