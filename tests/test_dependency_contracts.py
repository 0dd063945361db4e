"""The import contracts of pyproject.toml hold (docs/architecture.md, "Dependencies")."""


def test_the_dependency_contracts_hold():
    """Among them, the kernel and the registers never import content, and content no register's
    internals."""
    from importlinter.cli import lint_imports

    assert lint_imports(no_logo=True) == 0
