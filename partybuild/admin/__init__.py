"""Wagtail admin for the registers: one module of viewsets per area."""
