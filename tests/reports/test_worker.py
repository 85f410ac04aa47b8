import datetime as dt

from portal.models import AdministrativeUnit
from reports import registry
from reports.models import ReportSnapshot
from reports.tasks import refresh_for_change_task
from tests.portal.test_tasks import wait_for
from tests.worker import needs_real_services, running_worker


@needs_real_services
def test_a_real_worker_refreshes_report_snapshots():
    from portal.choices import Generation
    from portal.unit_import import units_load

    units_load(generation=Generation.LEGACY)  # transactional tests start from an empty database
    commune = AdministrativeUnit.objects.get(generation="legacy", level="commune", code="01933")
    with running_worker() as (queue, output):
        refresh_for_change_task.apply_async(args=[commune.pk, dt.date(2024, 5, 6).isoformat()], queue=queue)
        # the worker stores the families one after another, and it runs every installed app's family, while
        # this suite sees only the built-in ones (tests/reports/conftest.py): wait until these are all there
        built_in = {family.key for family in registry.families()}
        month = ReportSnapshot.objects.filter(unit=commune, period_key="2024-05")
        assert wait_for(lambda: built_in <= set(month.values_list("kind", flat=True)))
        assert wait_for(ReportSnapshot.objects.filter(unit__level="province", period_key="2024").exists)
