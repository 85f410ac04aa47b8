from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.models import AdministrativeUnit, Agency, User


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", read_only=True, default=None, allow_null=True, help_text="Null for a province."
    )

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "generation",
            "level",
            "code",
            "name",
            "division_type",
            "parent",
            "parent_code",
            "valid_from",
            "valid_to",
            "remote_area",
        ]


class UnitLinkSerializer(serializers.Serializer):
    """A unit before or after a merger, and whether only part of its territory passed on."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    partial = serializers.BooleanField()


class UnitDetailSerializer(UnitSerializer):
    successors = serializers.SerializerMethodField()
    predecessors = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "successors", "predecessors"]

    def _links(self, links, side: str) -> list[dict]:
        return [
            {
                "id": getattr(link, side).pk,
                "code": getattr(link, side).code,
                "name": getattr(link, side).name,
                "level": getattr(link, side).level,
                "partial": link.partial,
            }
            for link in links
        ]

    @extend_schema_field(UnitLinkSerializer(many=True))
    def get_successors(self, unit) -> list[dict]:
        return self._links(unit.succession_links_out.select_related("successor"), "successor")

    @extend_schema_field(UnitLinkSerializer(many=True))
    def get_predecessors(self, unit) -> list[dict]:
        return self._links(unit.succession_links_in.select_related("predecessor"), "predecessor")


class AgencySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "unit",
            "unit_name",
            "parent",
            "address",
            "phone",
            "is_active",
        ]


class OfficialSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "agency", "agency_name", "roles", "is_active"]

    def get_roles(self, user) -> list[str]:
        return sorted(group.name for group in user.groups.all())
