"""Text messages (短信): a pluggable sender chosen by the ``SMS_BACKEND`` setting.

- ``partybuild.core.sms.ConsoleSmsBackend`` (the default) writes the message to the log, for
  development and for deployments without an SMS contract;
- ``partybuild.core.sms.AliyunSmsBackend`` sends through Aliyun's SMS service (dysmsapi,
  ``SendSms``), signed with the RPC signature (HMAC-SHA1) by the standard library, configured by
  the environment: ``ALIYUN_SMS_ACCESS_KEY_ID``, ``ALIYUN_SMS_ACCESS_KEY_SECRET``,
  ``ALIYUN_SMS_SIGN_NAME``, ``ALIYUN_SMS_TEMPLATE_CODE`` (issued passwords),
  ``ALIYUN_SMS_RESET_TEMPLATE_CODE`` (忘记密码 codes; the former when unset) and optionally
  ``ALIYUN_SMS_ENDPOINT``.

A provider sends only registered templates: the message's ``params`` fill the template (e.g.
``{"account": …, "password": …}``), while ``text`` is what the console backend logs.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import os
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("partybuild.sms")

DEFAULT_SMS_BACKEND = "partybuild.core.sms.ConsoleSmsBackend"


class SmsError(Exception):
    """A message could not be sent (the provider refused it or could not be reached)."""


@dataclass(frozen=True)
class SmsMessage:
    """One text message to one mobile number."""

    phone: str
    text: str
    params: dict[str, str]
    #: Which registered template a provider fills: ``"password"`` (an issued password) or
    #: ``"reset_code"`` (a 忘记密码 code).
    template: str = "password"


class ConsoleSmsBackend:
    """Writes each message to the ``partybuild.sms`` log instead of sending it."""

    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to %s: %s", message.phone, message.text)


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Aliyun's signature requires (space → %20, ``~`` kept)."""
    return urllib.parse.quote(str(value), safe="~")


def aliyun_signature(*, params: dict[str, str], secret: str, method: str = "GET") -> str:
    """The RPC signature (version 1.0, HMAC-SHA1) of ``params``: the sorted, encoded query,
    encoded again behind ``GET&%2F&``, signed with ``secret + "&"``, in base64."""
    canonical = "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params)
    )
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend:
    """Aliyun SMS (dysmsapi ``SendSms``) over HTTPS, configured by the environment."""

    def __init__(self, *, environ: dict[str, str] | None = None, timeout: float = 10) -> None:
        environ = os.environ if environ is None else environ
        self.access_key_id = environ.get("ALIYUN_SMS_ACCESS_KEY_ID", "")
        self.access_key_secret = environ.get("ALIYUN_SMS_ACCESS_KEY_SECRET", "")
        self.sign_name = environ.get("ALIYUN_SMS_SIGN_NAME", "")
        self.template_code = environ.get("ALIYUN_SMS_TEMPLATE_CODE", "")
        self.reset_template_code = environ.get("ALIYUN_SMS_RESET_TEMPLATE_CODE", "")
        self.endpoint = environ.get("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
        self.timeout = timeout

    def request_url(
        self, message: SmsMessage, *, nonce: str | None = None, now: datetime.datetime | None = None
    ) -> str:
        """The signed GET URL that sends ``message``."""
        now = now or datetime.datetime.now(datetime.UTC)
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": (
                self.reset_template_code
                if message.template == "reset_code" and self.reset_template_code
                else self.template_code
            ),
            "TemplateParam": json.dumps(message.params, ensure_ascii=False, sort_keys=True),
            "Timestamp": now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        signature = aliyun_signature(params=params, secret=self.access_key_secret)
        query = "&".join(
            f"{percent_encode(key)}={percent_encode(value)}"
            for key, value in [("Signature", signature), *sorted(params.items())]
        )
        return f"{self.endpoint}?{query}"

    def send(self, message: SmsMessage) -> None:
        if not (self.access_key_id and self.access_key_secret and self.template_code):
            raise SmsError("Aliyun SMS is not configured (ALIYUN_SMS_* environment variables)")
        try:
            with urllib.request.urlopen(  # noqa: S310 (the endpoint is configured, https)
                self.request_url(message), timeout=self.timeout
            ) as response:
                body = json.loads(response.read().decode() or "{}")
        except (OSError, ValueError) as error:
            raise SmsError(f"Aliyun SMS request failed: {error}") from error
        if body.get("Code") != "OK":
            raise SmsError(f"Aliyun SMS refused: {body.get('Code')} {body.get('Message')}")


def sms_backend():
    """An instance of the configured ``SMS_BACKEND``."""
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_SMS_BACKEND))()


def sms_send(*, phone: str, text: str, params: dict[str, str], template: str = "password") -> None:
    """Send one message through the configured backend (raises :class:`SmsError`)."""
    sms_backend().send(SmsMessage(phone=phone, text=text, params=params, template=template))
