from rest_framework import serializers

from portal.models import AdministrativeUnit, Agency, User


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)

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

    def get_successors(self, unit) -> list[dict]:
        return self._links(unit.succession_links_out.select_related("successor"), "successor")

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
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "agency", "agency_name", "roles", "is_active"]

    def get_roles(self, user) -> list[str]:
        return sorted(group.name for group in user.groups.all())
