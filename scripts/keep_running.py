"""Run a command, and start it again when it dies on its own (never when it was asked to stop).

The Celery worker exits when its broker connection breaks in some kombu versions; under
`make run` one exiting process would stop the whole honcho stack. Production supervisors
(systemd `Restart=always`, Kubernetes) do this job there.
"""

import signal
import subprocess
import sys
import time

FIRST_DELAY, MAX_DELAY, STABLE_SECONDS = 1, 30, 60


def main(command):
    if not command:
        sys.exit("usage: keep_running.py COMMAND [ARGS...]")
    stopping = False
    child = None

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    delay = FIRST_DELAY
    while True:
        started = time.monotonic()
        child = subprocess.Popen(command)
        code = child.wait()
        if stopping:
            return code
        if time.monotonic() - started > STABLE_SECONDS:
            delay = FIRST_DELAY
        print(f"keep_running: {command[0]} exited with {code}; starting it again in {delay}s", flush=True)
        time.sleep(delay)
        if stopping:
            return code
        delay = min(delay * 2, MAX_DELAY)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
