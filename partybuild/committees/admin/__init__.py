"""Wagtail admin of 班子成员与换届 (forms, views, URLs and the menu item)."""
