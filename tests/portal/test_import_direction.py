"""Imports go one way: the foundation imports no app, and each app only the layers below it.

The foundation (`portal`: units, agencies, officials, roles, scoping, audit, catalogs, calendar)
lets the apps above it act through `portal.registry`, filled in their `AppConfig.ready()`. Only
the project-level modules below wire everything together and may import any app.

This file is the one place the layers are declared. A new app fails the test until it is given
its place in MAY_IMPORT.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Project-level modules: settings, URL roots, the Celery and WSGI entry points, the demo seeding.
PROJECT_MODULES = {
    "portal.settings",
    "portal.urls",
    "portal.api.urls",
    "portal.celery",
    "portal.wsgi",
    "portal.management.commands.seed_demo",
}

# Bottom-up: portal (foundation) ← petitions ← reception ← reports. Nothing imports reports, except
# that a later app registers its report families through reports.registry (a contract, see CONTRACTS).
MAY_IMPORT = {
    "portal": set(),
    "petitions": {"portal"},
    "reception": {"portal", "petitions"},
    "reports": {"portal", "petitions", "reception"},
    "models_registry": {"portal", "reports.registry"},  # later: "Dân vận khéo", "Friendly Government" models
    "reform": {"portal", "reports.registry"},  # later: administrative-reform plans and tasks
    "alerts": {"portal", "reports"},  # leaders' alerts read the stored report snapshots
    "support": {"portal", "reports.registry"},  # agencies assigned to support disadvantaged communes
    # Published complaint decisions (from settled cases), and the public pages that link what reception
    # and the models registry publish.
    "transparency": {"portal", "petitions", "reception", "models_registry"},
    # Personal data: the record of processing, data subjects' requests, and the retention sweep over the
    # citizens that petitions and reception hold.
    "privacy": {"portal", "petitions", "reception"},
}

# Modules other apps may import although their app sits above them: each imports only these apps,
# not even the rest of its own app, so importing it pulls nothing above the importer.
CONTRACTS = {"reports.registry": {"portal"}}

# Ways to reach a module without an import statement: a string naming the app is as good as an import.
BY_NAME = {"get_model", "import_module", "import_string", "get_app_config"}


def local_apps() -> list[str]:
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imported(path: Path):
    """(line, dotted name) of every import in a module, and of every app named in get_model() and the like."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in BY_NAME and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value.split(".")[0]


def allowed(name: str, permitted: set[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in permitted)


def offences() -> list[str]:
    apps = set(MAY_IMPORT)
    found = []
    for app in local_apps():
        for module, path in modules(app):
            if module in PROJECT_MODULES:
                continue
            for line, name in imported(path):
                target = name.split(".")[0]
                if module in CONTRACTS:
                    wrong = target in apps and not allowed(name, CONTRACTS[module])
                else:
                    wrong = target in apps and target != app and not allowed(name, MAY_IMPORT[app])
                if wrong:
                    found.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {name} ({module} may not)")
    return found


def test_every_app_has_its_place_in_the_layers():
    assert set(local_apps()) <= set(MAY_IMPORT), "declare the new app's place in MAY_IMPORT"


def test_the_project_modules_and_contracts_exist():
    named = PROJECT_MODULES | set(CONTRACTS)
    missing = sorted(m for m in named if not (ROOT / (m.replace(".", "/") + ".py")).exists())
    assert not missing, f"modules named here that do not exist: {missing}"


def test_imports_go_from_an_app_only_to_the_layers_below_it():
    found = offences()
    print("\n".join(found))
    assert not found, "imports against the layers:\n" + "\n".join(found)


def test_the_check_sees_an_import_from_the_foundation_upwards(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "from django.apps import apps\n"
        "def f():\n"
        "    from reports.tasks import schedule_refresh\n"
        "    return apps.get_model('petitions', 'Petition')\n"
    )
    assert list(imported(module)) == [(1, "django.apps"), (3, "reports.tasks"), (4, "petitions")]
