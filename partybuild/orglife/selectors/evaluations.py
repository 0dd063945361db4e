"""Reads of 民主评议党员 (the members a branch's round grades)."""

from partybuild.models import Member, Organisation


def evaluation_round_members(*, organisation: Organisation):
    """The members graded in a branch's round: on-roll members of the branch and its groups."""
    return Member.objects.filter(
        organisation__path__startswith=organisation.path, is_on_roll=True
    ).order_by("organisation__path", "name_sort_key", "pk")
