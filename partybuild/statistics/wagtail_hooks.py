"""Adds the registers' statistics panels to the admin home."""

from wagtail import hooks


@hooks.register("construct_homepage_panels")
def add_statistics_panels(request, panels):
    """The statistics dashboard on the admin home (partybuild/statistics/panels.py)."""
    from partybuild.statistics.panels import statistics_homepage_panels

    statistics_homepage_panels(request, panels)
