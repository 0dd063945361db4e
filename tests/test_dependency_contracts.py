"""The import contracts of pyproject.toml hold (docs/architecture.md, "Dependencies")."""

from tests.subprocesses import run_python


def test_the_dependency_contracts_hold():
    """Among them, the kernel and the registers never import content, and content no register's
    internals. In a process of its own: import-linter configures logging as a command does,
    which would silence the loggers of the tests that run after it."""
    result = run_python(
        "-c",
        "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
        env={},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
