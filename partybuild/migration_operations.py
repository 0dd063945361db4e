"""Migration operations of the kernel's own, used by the migrations that moved models between
apps (docs/architecture.md, "Apps")."""

from django.db import migrations


class SeparateDatabaseAndStateUnrendered(migrations.SeparateDatabaseAndState):
    """``SeparateDatabaseAndState`` whose state operations change an unrendered project state.

    Applied to a rendered state one by one, each CreateModel, DeleteModel and RemoveField of a
    move re-renders every model related to its model, and members and organisations are related
    to nearly every model: the moves' hundred-odd state operations took about a third of the
    time of migrating a new database. Dropped first, the rendered registry is built once, by the
    next operation that needs models. The resulting state is the same.
    """

    def state_forwards(self, app_label, state):
        state.__dict__.pop("apps", None)  # ProjectState.apps is a cached property
        super().state_forwards(app_label, state)
