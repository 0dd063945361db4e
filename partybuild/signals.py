"""Signals the registers send, so that other apps (content) can follow without being imported."""

from django.dispatch import Signal

#: Sent by organisation_delete before the row is deleted, inside its transaction, with
#: ``organisation``. A receiver may raise ValidationError to refuse the deletion, or remove
#: what it owns that would otherwise block it.
organisation_deleting = Signal()
