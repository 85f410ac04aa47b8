import datetime as dt

from portal.models import AdministrativeUnit
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
        assert wait_for(lambda: ReportSnapshot.objects.filter(unit=commune, period_key="2024-05").count() == 2)
    assert ReportSnapshot.objects.filter(unit__level="province", period_key="2024").exists()
