"""The support API's shapes: assignments and activities as the pages show them, and the steps' inputs."""

from rest_framework import serializers

from support.models import Activity, Assignment, PlanItem


class PlanItemSerializer(serializers.ModelSerializer):
    activity_type = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PlanItem
        fields = ["id", "activity_type", "target", "planned_value_vnd", "planned_quantity", "people_to_reach"]


class AssignmentSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    plan_items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "year",
            "agency",
            "agency_name",
            "commune",
            "commune_name",
            "decision_number",
            "decision_date",
            "starts_on",
            "ends_on",
            "end_reason",
            "previous",
            "plan_items",
            "version",
        ]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    activity_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    commune = serializers.IntegerField(source="assignment.commune_id", read_only=True)
    agency = serializers.IntegerField(source="assignment.agency_id", read_only=True)
    value_vnd = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "assignment",
            "commune",
            "agency",
            "activity_type",
            "plan_item",
            "date",
            "description",
            "money_vnd",
            "in_kind_vnd",
            "value_vnd",
            "quantity",
            "beneficiaries",
            "beneficiaries_female",
            "beneficiaries_ethnic_minority",
            "status",
            "return_reason",
            "decided_at",
            "version",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="The version read; a newer one answers 409.")


class ReturnSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=500, allow_blank=True)
