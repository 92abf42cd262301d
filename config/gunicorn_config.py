"""gunicorn's settings for the site's web process (Procfile: `gunicorn -c python:config.gunicorn_config`).

The access log says what was asked and how it went, never who asked: gunicorn's default line
starts with the client's IP address (%(h)s) and ends with the referrer and user agent (%(f)s,
%(a)s), and its request line (%(r)s) carries the query string, where an admin search for an
e-mail address would land. This one is the time, the method and path, the status, the size and
the milliseconds taken.
"""

accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
