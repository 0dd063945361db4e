"""gunicorn's settings for the web processes (deploy/systemd/partysite-web.service).

``gunicorn -c deploy/gunicorn.conf.py partysite.wsgi``. Every figure comes from the environment
(deploy/env.example), with defaults for a machine serving nothing else. nginx stands in front
(deploy/nginx/partysite.conf): it sends the static files itself and buffers slow clients, so
sync workers are enough.
"""

import multiprocessing
import os


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


#: Where nginx reaches the application (its ``upstream``); a unix socket works too
#: (``unix:/run/partysite/gunicorn.sock``).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: Worker processes: 2 per core and one more, the usual start for request work that waits on the
#: database; each holds its own connection (DATABASE_CONN_MAX_AGE keeps it between requests).
workers = _number("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
#: Threads per worker; above 1 the workers are gthread workers.
threads = _number("GUNICORN_THREADS", 1)
#: A request still running after this many seconds is killed with its worker (the longest
#: legitimate ones, large xlsx exports, take seconds; imports run in the task worker).
timeout = _number("GUNICORN_TIMEOUT", 60)
#: On a restart or reload, how long running requests get to finish.
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 30)
#: nginx keeps connections to the upstream open between requests.
keepalive = _number("GUNICORN_KEEPALIVE", 5)
#: Workers are replaced after this many requests (with jitter, not all at once), so a slow leak
#: never grows for long.
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _number("GUNICORN_MAX_REQUESTS_JITTER", 200)

#: Who may set the X-Forwarded-* headers gunicorn itself reads; Django reads X-Forwarded-Proto
#: (SECURE_PROXY_SSL_HEADER) and X-Forwarded-For (TRUSTED_PROXY_COUNT) on its own terms.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to standard output and error, and so to the journal.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
#: The client (X-Forwarded-For, as nginx passes it on) and the peer (nginx), the request line,
#: status, size, time in milliseconds, the referrer, the browser and the worker's pid. No
#: cookies and no Authorization header are ever logged.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" %(p)s'
proc_name = "partysite"
