"""The install: pyproject.toml, requirements.lock and environment.yml agree, the environment is
the locked one with a CPU-only torch, and the Makefile passes this machine's pip configuration
to uv (which does not read it) and takes torch from PyTorch's CPU index everywhere else."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK = ROOT / "requirements.lock"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# conda-forge's name for a package whose PyPI name differs.
CONDA_NAME = {"torch": "pytorch-cpu"}


def direct_requirements():
    project = PYPROJECT["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(line) for line in lines]


def locked_pins():
    """{canonical name: Version} from requirements.lock's `name==version` lines."""
    pins = {}
    for line in LOCK.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def conda_requirements():
    """{PyPI name: specifier text} from environment.yml, conda and pip sections alike."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    lines = []
    for entry in env["dependencies"]:
        lines += entry["pip"] if isinstance(entry, dict) else [entry]
    pypi_name = {conda: pypi for pypi, conda in CONDA_NAME.items()}
    found = {}
    for line in lines:
        if line.startswith("-e") or re.match(r"^(python|pip)\b", line):
            continue
        name, spec = re.match(r"^([A-Za-z0-9._-]+)\s*(.*)$", line).groups()
        found[canonicalize_name(pypi_name.get(name, name))] = spec.strip()
    return found


# --- the three files agree ---------------------------------------------------------------------

def test_every_direct_requirement_has_a_lower_bound():
    for req in direct_requirements():
        assert any(s.operator == ">=" for s in req.specifier), (
            f"{req.name} in pyproject.toml has no lower bound: add the lowest version that "
            "`make test-lowest` passes with")


def test_lock_pins_every_direct_requirement_inside_its_bounds():
    pins = locked_pins()
    for req in direct_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is missing from requirements.lock: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside pyproject's "
            f"{req.specifier}: run `make lock`")


def test_lock_is_free_of_cuda_packages_machine_paths_and_build_labels():
    text = LOCK.read_text()
    assert not re.search(r"^nvidia-", text, re.M), "the lock holds CUDA packages"
    assert not re.search(r"^\s*-(-find-links|-index-url|-extra-index-url|f|i)\b", text, re.M), (
        "the lock names package sources: they belong to each machine, not to the lock")
    assert "/opt/" not in text and "file://" not in text
    # torch==2.13.0 (no +cpu), so macOS, whose CPU build has no label, installs it too.
    assert re.search(r"^torch==[0-9.]+$", text, re.M), "torch must be pinned without +label"


def test_environment_yml_lists_the_same_packages_with_the_same_lower_bounds():
    conda = conda_requirements()
    declared = {canonicalize_name(r.name): r for r in direct_requirements()}
    assert set(conda) == set(declared), (
        f"only in environment.yml: {sorted(set(conda) - set(declared))}; "
        f"only in pyproject.toml: {sorted(set(declared) - set(conda))}")
    for name, req in declared.items():
        lower = [s.version for s in req.specifier if s.operator == ">="]
        assert conda[name] == f">={lower[0]}", (
            f"environment.yml has {name}{conda[name]!r}, pyproject.toml {req.specifier}")


def test_environment_yml_python_meets_requires_python():
    env_python = next(d for d in yaml.safe_load((ROOT / "environment.yml").read_text())
                      ["dependencies"] if isinstance(d, str) and d.startswith("python="))
    requires = Requirement("python" + PYPROJECT["project"]["requires-python"]).specifier
    assert requires.contains(env_python.split("=")[1])


def test_torch_comes_from_pytorchs_cpu_index_for_uv():
    uv = PYPROJECT["tool"]["uv"]
    index = {i["name"]: i for i in uv["index"]}[uv["sources"]["torch"]["index"]]
    assert index["url"] == CPU_INDEX
    # explicit: only torch comes from there; numpy and the rest stay on PyPI.
    assert index["explicit"] is True


# --- the environment this test runs in ---------------------------------------------------------

def test_environment_holds_no_cuda_package_and_a_cpu_torch():
    cuda = sorted(d.metadata["Name"] for d in metadata.distributions()
                  if d.metadata["Name"].lower().startswith("nvidia-"))
    assert cuda == [], f"CUDA packages installed: {cuda}; torch should be the CPU build"
    torch_version = metadata.version("torch")
    assert "+cu" not in torch_version and "+rocm" not in torch_version, torch_version


def test_venv_holds_the_locked_versions():
    """`make` installs requirements.lock; `make test-lowest` deselects this test."""
    pins = locked_pins()
    # the first distribution of a name on sys.path is the one `import` finds; later ones (e.g.
    # the copies setuptools vendors in setuptools/_vendor, put on sys.path once setuptools is
    # imported) must not overwrite it
    installed = {}
    for dist in metadata.distributions():
        installed.setdefault(canonicalize_name(dist.metadata["Name"]), Version(dist.version))
    wrong = {name: f"{installed.get(name)} (lock: {pin})" for name, pin in pins.items()
             if installed.get(name) is None or installed[name].public != pin.public}
    assert not wrong, f"not the locked versions (remove .venv, then `make install`): {wrong}"


# --- the Makefile's routes (make -n prints the commands without running them) ------------------

def python_with_pip():
    """The Makefile reads pip's configuration with `$(PYTHON) -m pip config list`."""
    for python in (sys.executable, shutil.which("python3")):
        if python and subprocess.run([python, "-m", "pip", "--version"],
                                     capture_output=True).returncode == 0:
            return python
    pytest.skip("no Python with pip here to read pip's configuration")


def make_dry_run(target, env_extra, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "TORCH_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, **env_extra)  # os.devnull: pip reads no config file
    result = subprocess.run(["make", "-n", "--no-print-directory", target,
                             f"PYTHON={python_with_pip()}", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@needs_make
def test_without_pip_configuration_torch_comes_from_the_cpu_index():
    commands = make_dry_run("lock", {})
    assert f"--index pytorch={CPU_INDEX}" in commands
    assert "--find-links" not in commands and "--no-sources-package" not in commands


@needs_make
def test_pip_configuration_is_passed_to_uv_and_its_cpu_wheel_wins(tmp_path):
    (tmp_path / "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl").touch()
    env = {"PIP_FIND_LINKS": str(tmp_path),
           "PIP_EXTRA_INDEX_URL": "file:///mirror/a file:///mirror/b"}
    commands = make_dry_run("lock", env)
    assert f"--find-links {tmp_path}" in commands
    assert "--extra-index-url file:///mirror/a --extra-index-url file:///mirror/b" in commands
    assert "--index-strategy unsafe-best-match" in commands   # pip's rule: all indexes alike
    assert "--no-sources-package torch" in commands and "torch==2.13.0+cpu" in commands
    assert "--index pytorch=" not in commands
    # An explicit TORCH_INDEX beats the wheel folder.
    commands = make_dry_run("lock", env, "TORCH_INDEX=https://example.org/whl/cu128")
    assert "--index pytorch=https://example.org/whl/cu128" in commands
    assert "--no-sources-package" not in commands


@needs_make
def test_pip_fallback_takes_torch_from_the_cpu_index(tmp_path):
    commands = make_dry_run("install", {}, "INSTALLER=pip", f"VENV={tmp_path / 'venv'}")
    assert f"-m pip install -c requirements.lock -e \".[test]\" --extra-index-url {CPU_INDEX}" \
        in commands


@needs_make
def test_lab_passes_the_offline_config_and_test_keeps_its_command():
    lab = make_dry_run("lab", {}, "-o", ".venv/.installed")
    if (ROOT / "tools" / "jupyter_lab_config.py").exists():
        assert "--config=tools/jupyter_lab_config.py" in lab
    assert "--ServerApp.ip=127.0.0.1" in lab
    test = make_dry_run("test", {}, "-o", ".venv/.installed")
    assert ("-m pytest --nbval --nbval-current-env --nbval-sanitize-with "
            "tests/nbval_sanitize.cfg") in test
