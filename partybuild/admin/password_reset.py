"""The admin's 忘记密码 (Wagtail's password reset by e-mail, ``WAGTAIL_PASSWORD_RESET_ENABLED``)
without account enumeration and with rate limits (issue 18).

- The answer is the same for a known and an unknown e-mail address: the 「已发送」 page after a
  redirect, or the same 429 refusal once the address or the e-mail address asked too often
  (partybuild.services.passwords ``password_reset_request_admit``).
- The work is the same too: for an unknown address the form makes a reset token for a stand-in
  account and renders the same message, without sending it (:class:`PasswordResetRequestForm`);
  sending the mail is then the only difference, so production should hand mail to a local relay.
- Reset links that do not check out are counted by address; past the limit the confirm page
  answers 429 (guessing a link's code).
"""

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponse
from django.template import loader
from django.urls import path
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views import account

from partybuild.core.errors import RateLimited
from partybuild.jobs.mail import delivery_connection
from partybuild.models import User
from partybuild.services.passwords import (
    password_reset_link_admit,
    password_reset_link_failed,
    password_reset_request_admit,
)

logger = logging.getLogger("partybuild.password_reset")


class PasswordResetRequestForm(PasswordResetForm):
    """Wagtail's form, doing for an unknown e-mail address the work a known one costs: the
    same lookup, site, token and rendered message for a stand-in account, only not sent."""

    _matched: list | None = None
    _stand_in: bool = False

    def get_users(self, email):
        if self._matched is None:
            return super().get_users(email)
        return iter(self._matched)

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"]
        self._matched = list(super().get_users(email))
        if not self._matched:
            self._stand_in = True
            self._matched = [User(pk=0, username="", email=email, password=make_password(None))]
        return super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Django's message, sent at once rather than through the mail queue
        (partybuild/jobs/mail.py): the link is a secret the queue would keep in clear."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        if self._stand_in:
            return None
        message = EmailMultiAlternatives(
            subject, body, from_email, [to_email], connection=delivery_connection()
        )
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:
            logger.exception("Failed to send password reset email to %s", context["user"].pk)
        return None


def _too_often(error: RateLimited) -> HttpResponse:
    response = HttpResponse(error.message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(error.seconds)
    return response


class PasswordResetView(account.PasswordResetView):
    """忘记密码: ask for a reset link by e-mail (module docstring)."""

    def get_form_class(self):
        return PasswordResetRequestForm

    def form_valid(self, form):
        try:
            password_reset_request_admit(email=form.cleaned_data["email"], request=self.request)
        except RateLimited as error:
            form.add_error(None, error.message)
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(error.seconds)
            return response
        return super().form_valid(form)


class PasswordResetConfirmView(account.PasswordResetConfirmView):
    """The reset link: refused (429) for an address with too many links that did not check
    out; each such link is counted."""

    def dispatch(self, *args, **kwargs):
        try:
            password_reset_link_admit(request=self.request)
        except RateLimited as error:
            return _too_often(error)
        response = super().dispatch(*args, **kwargs)
        if not self.validlink:
            password_reset_link_failed(request=self.request)
        return response


def password_reset_urlpatterns() -> list:
    """The two views in place of Wagtail's, at the same addresses and names (before
    ``wagtail.admin.urls`` in partysite/urls.py)."""
    if not getattr(settings, "WAGTAIL_PASSWORD_RESET_ENABLED", True):
        return []
    return [
        path(
            "password_reset/",
            PasswordResetView.as_view(),
            name="wagtailadmin_password_reset",
        ),
        path(
            "password_reset/confirm/<uidb64>/<token>/",
            PasswordResetConfirmView.as_view(),
            name="wagtailadmin_password_reset_confirm",
        ),
    ]
