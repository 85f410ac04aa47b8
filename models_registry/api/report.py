"""The models funnel report's query and answer at GET /api/v1/reports/models/ (the contract of issue 14)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

RATE_HELP = "Percent rounded half-up to 2 decimals; null when the denominator is 0."


class ModelsReportQuerySerializer(serializers.Serializer):
    """`programme`: one programme only."""

    programme = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def validate_programme(self, value: int) -> int:
        from models_registry.models import Programme

        if not Programme.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("Không có phong trào này."))
        return value


class FunnelSerializer(serializers.Serializer):
    registered = serializers.IntegerField(help_text="Models registered in the period (not withdrawn).")
    recognized = serializers.IntegerField(help_text="Recognised by a decision dated in the period.")
    typical = serializers.IntegerField(help_text="Named typical by a decision dated in the period.")
    recognition_rate = serializers.FloatField(allow_null=True, help_text=f"recognized / registered. {RATE_HELP}")
    typical_rate = serializers.FloatField(allow_null=True, help_text=f"typical / recognized. {RATE_HELP}")


class LabelledFunnelSerializer(FunnelSerializer):
    label = serializers.CharField()


class ProgrammeFunnelSerializer(FunnelSerializer):
    programme = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class ModelsChildSerializer(FunnelSerializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    own_level = serializers.BooleanField(
        required=False, help_text="Models placed at the unit itself, after its sub-units."
    )
    by_field = serializers.DictField(child=LabelledFunnelSerializer())


class ModelsReportFiguresSerializer(FunnelSerializer):
    by_field = serializers.DictField(child=LabelledFunnelSerializer(), help_text="Keys: the four fields.")
    by_level = serializers.DictField(child=LabelledFunnelSerializer(), help_text="Keys: commune, district, province.")
    by_owner_kind = serializers.DictField(child=LabelledFunnelSerializer(), help_text="Keys: collective, individual.")
    by_programme = ProgrammeFunnelSerializer(many=True)
    children = ModelsChildSerializer(
        many=True, help_text="Each sub-unit, then the unit's own level (`own_level`): together they add up to the unit."
    )
