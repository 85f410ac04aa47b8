"""The reform report's query and answer at GET /api/v1/reports/reform/ (the contract of issue 14), for the schema."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ReformReportQuerySerializer(serializers.Serializer):
    """`year` (the plans' year, instead of `period`) and `as_of` (the day the states stand at)."""

    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    as_of = serializers.DateField(required=False)

    def validate(self, attrs):
        day, year = attrs.get("as_of"), attrs.get("year")
        if day is None:
            return attrs
        if year is None:
            raise serializers.ValidationError({"as_of": _("Ngày tính đến cần đi cùng năm kế hoạch (year).")})
        if day.year != year:
            raise serializers.ValidationError(
                {"as_of": _("Ngày tính đến phải trong năm kế hoạch %(year)s.") % {"year": year}}
            )
        if day > timezone.localdate():
            raise serializers.ValidationError({"as_of": _("Ngày tính đến không được sau hôm nay.")})
        return attrs


RATE_HELP = "Percent rounded half-up to 2 decimals; null when the denominator is 0."


class ReformFiguresSerializer(serializers.Serializer):
    planned = serializers.IntegerField(help_text="Tasks of the plans, cancelled ones left out.")
    completed = serializers.IntegerField()
    completed_on_time = serializers.IntegerField()
    completed_late = serializers.IntegerField()
    in_progress = serializers.IntegerField(help_text="In progress within the deadline.")
    overdue = serializers.IntegerField(help_text="Not completed, deadline passed.")
    due_soon = serializers.IntegerField(help_text="Not completed, deadline within 7 days.")
    cancelled = serializers.IntegerField()
    fallen_due = serializers.IntegerField(
        help_text="Tasks whose deadline has passed by `as_of` (completion_rate_due's denominator)."
    )
    completed_of_due = serializers.IntegerField(help_text="Completed among them (its numerator).")
    completion_rate = serializers.FloatField(allow_null=True, help_text=f"completed / planned. {RATE_HELP}")
    completion_rate_due = serializers.FloatField(
        allow_null=True, help_text=f"completed_of_due / fallen_due. {RATE_HELP}"
    )
    on_time_rate = serializers.FloatField(allow_null=True, help_text=f"completed_on_time / completed. {RATE_HELP}")
    states = serializers.DictField(child=serializers.IntegerField(), help_text="The six states' counts.")


class ReformAreaSerializer(ReformFiguresSerializer):
    area = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ReformAgencySerializer(ReformFiguresSerializer):
    agency = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.IntegerField()


class ReformPartSerializer(ReformFiguresSerializer):
    by_area = ReformAreaSerializer(many=True)
    by_agency = ReformAgencySerializer(many=True, help_text="By lead agency.")


class ReformChildSerializer(ReformFiguresSerializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    own_level = serializers.BooleanField(
        required=False,
        help_text="Every plan of the unit itself (its People's Committee's and its departments'), after its sub-units.",
    )


class ReformReportFiguresSerializer(ReformPartSerializer):
    as_of = serializers.DateField()
    plan_years = serializers.ListField(child=serializers.IntegerField())
    subtree = ReformPartSerializer(help_text="The plans of the unit and of every unit under it.")
    children = ReformChildSerializer(
        many=True,
        help_text="Each child unit's subtree, then every plan of the unit itself: together they add up to `subtree`.",
    )
